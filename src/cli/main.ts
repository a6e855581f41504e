import { parseArgs } from 'node:util';
import { loadConfig, ConfigError, type Config } from '../app/config.ts';
import { createDebrief } from '../app/debrief.ts';
import { DataDirLocked } from '../store/lock.ts';
import { DebriefError } from '../errors.ts';
import { loadDemo } from './demo.ts';
import { analyzeLocally } from './analyze.ts';
import { createLogger } from '../app/logger.ts';

const USAGE = `debrief — session analysis API

Usage:
  debrief serve [--port N] [--host H] [--data-dir DIR] [--demo]   API and workers in one process
  debrief worker [--data-dir DIR]                                  workers only (share a PostgreSQL via DATABASE_URL)
  debrief analyze VIDEO|KEYPOINTS.json --kind exercise --exercise NAME [--out DIR]
  debrief analyze VIDEO|KEYPOINTS.json --kind jumping|running|weightlifting [--exercise NAME] [--height M] [--out DIR]
                                                                   the pipeline on one file, locally: no server needed
  debrief workspaces create NAME [--json]
  debrief workspaces list [--json]
  debrief keys create --workspace NAME --mode test|live [--type secret|publishable] [--prefix P] [--json]
  debrief keys import KEY --workspace NAME [--json]
  debrief keys list [--workspace NAME] [--json]
  debrief keys revoke KEY_ID|KEY [--json]

Storage: --data-dir or DEBRIEF_DATA_DIR (default ./.debrief) holds the embedded database and files;
DATABASE_URL=postgres://… uses PostgreSQL instead (files still go under the data dir).`;

const { values: flags, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    port: { type: 'string' }, host: { type: 'string' }, 'data-dir': { type: 'string' }, demo: { type: 'boolean' },
    json: { type: 'boolean' }, workspace: { type: 'string' }, mode: { type: 'string' }, type: { type: 'string' },
    prefix: { type: 'string' }, help: { type: 'boolean', short: 'h' }, kind: { type: 'string' }, exercise: { type: 'string' },
    out: { type: 'string' }, height: { type: 'string' },
  },
});

const fail = (message: string, code = 1): never => {
  process.stderr.write(`debrief: ${message}\n`);
  process.exit(code);
};

function config(): Config {
  const overrides: Partial<Config> = {};
  if (flags['data-dir']) overrides.dataDir = flags['data-dir'];
  if (flags.host) overrides.host = flags.host;
  if (flags.port !== undefined) {
    const port = Number(flags.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be 0–65535, got ${flags.port}`);
    overrides.port = port;
  }
  return loadConfig(process.env, overrides);
}

const print = (json: unknown, text: string) => process.stdout.write(`${flags.json ? JSON.stringify(json) : text}\n`);

async function serve(role: 'serve' | 'worker') {
  const cfg = config();
  const log = createLogger(cfg.logLevel);
  const debrief = await createDebrief(cfg, { role, logger: log });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: finishing requests and releasing jobs');
    await debrief.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  if (role === 'worker') {
    log.info({ database: debrief.database.backend }, 'worker started');
    return;
  }
  const url = (debrief.address ?? '').replace('0.0.0.0', '127.0.0.1');
  log.info({ url, database: debrief.database.backend, data_dir: cfg.dataDir }, 'Debrief is listening');
  if (flags.demo) await loadDemo(debrief, url);
}

/** Commands that only touch storage open it without starting the API or the worker. */
async function withAccounts<T>(fn: (a: Awaited<ReturnType<typeof createDebrief>>['accounts']) => Promise<T>) {
  const debrief = await createDebrief(config(), { role: 'none', logger: createLogger('warn') });
  try {
    return await fn(debrief.accounts);
  } finally {
    await debrief.close();
  }
}

async function main() {
  const [group, verb, arg] = positionals;
  if (flags.help || !group) return void process.stdout.write(`${USAGE}\n`);
  if (group === 'serve' || group === 'worker') return serve(group);
  if (group === 'analyze') {
    if (!verb) fail('analyze needs a VIDEO (or keypoints JSON) file');
    const height = flags.height === undefined ? undefined : Number(flags.height);
    if (height !== undefined && !(height > 0)) fail('--height is the athlete\'s height in metres, e.g. --height 1.78');
    await analyzeLocally({ file: verb, kind: flags.kind ?? 'exercise', exercise: flags.exercise, out: flags.out, athleteHeightM: height });
    return;
  }

  if (group === 'workspaces' && verb === 'create') {
    if (!arg) fail('workspaces create needs a NAME');
    const ws = await withAccounts((a) => a.createWorkspace(arg));
    return print({ id: ws.id, object: 'workspace', name: ws.name, created_at: ws.createdAt.toISOString() }, `Created workspace ${ws.name} (${ws.id})`);
  }
  if (group === 'workspaces' && verb === 'list') {
    const list = await withAccounts((a) => a.listWorkspaces());
    const data = list.map((w) => ({ id: w.id, object: 'workspace', name: w.name, created_at: w.createdAt.toISOString() }));
    return print({ object: 'list', data }, data.map((w) => `${w.id}  ${w.name}`).join('\n') || 'No workspaces yet: debrief workspaces create NAME');
  }
  if (group === 'keys' && verb === 'create') {
    if (!flags.workspace) fail('keys create needs --workspace NAME');
    if (flags.mode !== 'test' && flags.mode !== 'live') fail('keys create needs --mode test or --mode live');
    if (flags.type && flags.type !== 'secret' && flags.type !== 'publishable') fail('--type is secret or publishable');
    const key = await withAccounts((a) => a.createKey({
      workspace: flags.workspace!, livemode: flags.mode === 'live', type: flags.type as 'secret' | 'publishable' | undefined, prefix: flags.prefix,
    }));
    return print(key, `${key.key}\n\nThis ${key.type} ${key.livemode ? 'live' : 'test'} key (${key.id}) is shown only once: store it now.`);
  }
  if (group === 'keys' && verb === 'import') {
    if (!arg) fail('keys import needs the KEY');
    if (!flags.workspace) fail('keys import needs --workspace NAME');
    const key = await withAccounts((a) => a.importKey({ workspace: flags.workspace!, key: arg }));
    return print(key, `Imported ${key.redacted} as ${key.id} (${key.type}, ${key.livemode ? 'live' : 'test'}) into ${key.workspace}.`);
  }
  if (group === 'keys' && verb === 'list') {
    const keys = await withAccounts((a) => a.listKeys(flags.workspace));
    return print({ object: 'list', data: keys }, keys.map((k) =>
      `${k.id}  ${k.redacted.padEnd(24)} ${k.type.padEnd(11)} ${k.workspace}  ${k.revoked_at ? `revoked ${k.revoked_at}` : `last used ${k.last_used_at ?? 'never'}`}`).join('\n') || 'No keys.');
  }
  if (group === 'keys' && verb === 'revoke') {
    if (!arg) fail('keys revoke needs a KEY_ID or the KEY');
    const row = await withAccounts((a) => a.revokeKey(arg));
    return print({ id: row.id, object: 'api_key', redacted: row.redacted, revoked_at: row.revokedAt?.toISOString() }, `Revoked ${row.redacted} (${row.id}).`);
  }
  fail(`unknown command '${positionals.join(' ')}'\n\n${USAGE}`, 2);
}

main().catch((err) => {
  if (err instanceof DebriefError) fail(err.message);
  if (err instanceof DataDirLocked || err instanceof ConfigError) fail(err.message);
  if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') fail(`port ${flags.port ?? process.env.PORT ?? 3000} is in use; pick another with --port`);
  if ((err as NodeJS.ErrnoException).code === 'ECONNREFUSED') fail(`cannot reach the database at DATABASE_URL (${(err as Error).message})`);
  fail(err instanceof Error ? err.stack ?? err.message : String(err));
});
