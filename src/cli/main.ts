import fs from 'node:fs';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { loadConfig, ConfigError, type Config } from '../app/config.ts';
import { DataDirLocked } from '../store/lock.ts';
import { DebriefError } from '../errors.ts';
import type { KeyAdmin } from './key-admin.ts';

// Only what parsing needs is imported up front: the server, the pose pipeline and the database load
// when a command runs, so `--help` and `--version` answer at once.

const VERSION = (JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** A usage error (exit 2) or a failure of the command (exit 1), printed without a stack trace. */
class Failure extends Error {
  constructor(message: string, readonly exitCode = 1) { super(message); }
}

const integer = (name: string, min: number, max: number) => (raw: string) => {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max}.`);
  return n;
};
const metres = (raw: string) => {
  const n = Number(raw);
  if (!(n >= 0.5 && n <= 2.6)) throw new InvalidArgumentError("the athlete's height in metres, from 0.5 to 2.6, e.g. --height 1.78");
  return n;
};

interface StorageFlags { dataDir?: string; json?: boolean }

function configFrom(flags: StorageFlags & { port?: number; host?: string }): Config {
  const overrides: Partial<Config> = {};
  if (flags.dataDir) overrides.dataDir = flags.dataDir;
  if (flags.host) overrides.host = flags.host;
  if (flags.port !== undefined) overrides.port = flags.port;
  return loadConfig(process.env, overrides);
}

const print = (flags: StorageFlags, json: unknown, text: string) => process.stdout.write(`${flags.json ? JSON.stringify(json) : text}\n`);

async function serve(role: 'serve' | 'worker', flags: StorageFlags & { port?: number; host?: string; demo?: boolean; worker?: boolean; queues?: string }) {
  const cfg = configFrom(flags);
  const [{ createLogger }, { createDebrief }] = await Promise.all([import('../app/logger.ts'), import('../app/debrief.ts')]);
  const log = createLogger(cfg.logLevel);
  const queues = flags.queues?.split(',').map((q) => q.trim()).filter(Boolean);
  const debrief = await createDebrief(cfg, { role, logger: log, worker: flags.worker, queues });
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
    log.info({ database: debrief.database.backend, queues: queues ?? 'all' }, 'worker started');
    return;
  }
  const url = (debrief.address ?? '').replace('0.0.0.0', '127.0.0.1');
  log.info({ url, database: debrief.database.backend, data_dir: cfg.dataDir }, 'Debrief is listening');
  if (flags.demo) await (await import('./demo.ts')).loadDemo(debrief, url);
}

/** Commands that only touch storage open it without starting the API or the worker. */
async function withStorage<T>(flags: StorageFlags, fn: (d: import('../app/debrief.ts').Debrief) => Promise<T>) {
  const [{ createLogger }, { createDebrief }] = await Promise.all([import('../app/logger.ts'), import('../app/debrief.ts')]);
  const debrief = await createDebrief(configFrom(flags), { role: 'none', logger: createLogger('warn') });
  try {
    return await fn(debrief);
  } finally {
    await debrief.close();
  }
}
const withAccounts = <T>(flags: StorageFlags, fn: (a: import('../accounts/accounts.ts').Accounts) => Promise<T>) => withStorage(flags, (d) => fn(d.accounts));

/**
 * The keys commands work on storage directly, or — when a running server holds the data directory —
 * through that server's API, with the operator token it left in the directory (server-file.ts).
 */
async function withKeys<T>(flags: StorageFlags, fn: (k: KeyAdmin) => Promise<T>) {
  const { localKeyAdmin, remoteKeyAdmin } = await import('./key-admin.ts');
  try {
    return await withAccounts(flags, (a) => fn(localKeyAdmin(a)));
  } catch (err) {
    if (!(err instanceof DataDirLocked)) throw err;
    const server = (await import('../app/server-file.ts')).readServerFile(configFrom(flags).dataDir);
    if (!server) throw err;
    return fn(remoteKeyAdmin(server));
  }
}

const dataDirOption = () => new Option('--data-dir <dir>', 'where the embedded database and files live (DEBRIEF_DATA_DIR, default ./.debrief)');
const jsonOption = () => new Option('--json', 'print JSON instead of text');

export function program(): Command {
  const cli = new Command('debrief')
    .description('Debrief — session analysis API: serve it, run the pipeline on one file, manage workspaces and keys.')
    .version(VERSION, '-v, --version', 'print the version')
    .helpOption('-h, --help', 'show help for a command (debrief help COMMAND)')
    .showSuggestionAfterError(true)
    .configureOutput({ outputError: (text, write) => write(`debrief: ${text.replace(/^error: /, '')}`) })
    .addHelpText('after', `
Storage: --data-dir or DEBRIEF_DATA_DIR (default ./.debrief) holds the embedded database and files;
DATABASE_URL=postgres://… uses PostgreSQL instead (files still go under the data dir).
The keys commands also work while a server holds the data directory: they go through its API.`);

  cli.command('serve')
    .description('the API and the workers in one process')
    .addOption(new Option('--port <n>', 'port to listen on (PORT, default 3000; 0 picks a free one)').argParser(integer('--port', 0, 65535)))
    .option('--host <host>', 'address to listen on (HOST, default 127.0.0.1)')
    .addOption(dataDirOption())
    .option('--demo', 'load a demo workspace with a test key and sample sessions, and print curl commands')
    .option('--no-worker', 'the API only: `debrief worker` processes on the same PostgreSQL run the jobs (needs DATABASE_URL)')
    .action((flags) => serve('serve', flags));

  cli.command('worker')
    .description('the workers only (several processes share a PostgreSQL through DATABASE_URL)')
    .option('--queues <list>', 'only these queues, comma-separated, e.g. analyze,render_video (a wrong name is answered with the list: the sessions\', the webhooks\' and each kind\'s own)')
    .addOption(dataDirOption())
    .action((flags) => serve('worker', flags));

  cli.command('analyze')
    .description('the pipeline on one video or keypoints file, locally: no server or database')
    .argument('<file>', 'a video (mp4, mov, webm…) or a keypoints JSON file')
    .option('--kind <kind>', 'what the recording shows: a kind with a local pipeline (exercise, the default, and the sports kinds; another name is answered with the list)', 'exercise')
    .option('--exercise <name>', 'exercise: the catalogue exercise (GET /v1/exercises); jumping: the jump test; weightlifting: the lift')
    .addOption(new Option('--height <metres>', "the athlete's height, for distances in metres (sports kinds)").argParser(metres))
    .option('--out <dir>', 'where to write the results (default ./debrief-<file name>)')
    .option('--force', 'write into --out even when it already holds files')
    .action(async (file: string, flags: { kind: string; exercise?: string; height?: number; out?: string; force?: boolean }) => {
      const { analyzeLocally } = await import('./analyze.ts');
      await analyzeLocally({ file, kind: flags.kind, exercise: flags.exercise, out: flags.out, athleteHeightM: flags.height, force: flags.force });
    });

  const workspaces = cli.command('workspaces').description('create and list workspaces (while no server holds the data directory)');
  workspaces.command('create').description('create a workspace').argument('<name>', '1–64 letters, digits, spaces, dots, dashes or underscores')
    .addOption(dataDirOption()).addOption(jsonOption())
    .action(async (name: string, flags: StorageFlags) => {
      const ws = await withAccounts(flags, (a) => a.createWorkspace(name));
      print(flags, { id: ws.id, object: 'workspace', name: ws.name, created_at: ws.createdAt.toISOString() }, `Created workspace ${ws.name} (${ws.id})`);
    });
  workspaces.command('list').description('list the workspaces').addOption(dataDirOption()).addOption(jsonOption())
    .action(async (flags: StorageFlags) => {
      const list = await withAccounts(flags, (a) => a.listWorkspaces());
      const data = list.map((w) => ({ id: w.id, object: 'workspace', name: w.name, created_at: w.createdAt.toISOString() }));
      print(flags, { object: 'list', data }, data.map((w) => `${w.id}  ${w.name}`).join('\n') || 'No workspaces yet: debrief workspaces create NAME');
    });

  const keys = cli.command('keys').description("create, import, list and revoke a workspace's API keys (also while a server runs)");
  keys.command('create').description('mint a key; it is printed once')
    .requiredOption('--workspace <name>', 'the workspace the key belongs to')
    .addOption(new Option('--mode <mode>', 'test keys see test data only, live keys live data only').choices(['test', 'live']).makeOptionMandatory())
    .addOption(new Option('--type <type>', 'publishable keys only send capture data from web pages').choices(['secret', 'publishable']).default('secret'))
    .option('--prefix <prefix>', 'the part before _test_ / _live_ (default dbf)')
    .addOption(dataDirOption()).addOption(jsonOption())
    .action(async (flags: StorageFlags & { workspace: string; mode: string; type: 'secret' | 'publishable'; prefix?: string }) => {
      const key = await withKeys(flags, (a) => a.createKey({ workspace: flags.workspace, livemode: flags.mode === 'live', type: flags.type, prefix: flags.prefix }));
      print(flags, key, `${key.key}\n\nThis ${key.type} ${key.livemode ? 'live' : 'test'} key (${key.id}) is shown only once: store it now.`);
    });
  keys.command('import').description('register a key your clients already use elsewhere').argument('<key>', 'the key, e.g. rtm_test_…')
    .requiredOption('--workspace <name>', 'the workspace the key belongs to')
    .addOption(dataDirOption()).addOption(jsonOption())
    .action(async (key: string, flags: StorageFlags & { workspace: string }) => {
      const k = await withKeys(flags, (a) => a.importKey({ workspace: flags.workspace, key }));
      print(flags, k, `Imported ${k.redacted} as ${k.id} (${k.type}, ${k.livemode ? 'live' : 'test'}) into ${k.workspace}.`);
    });
  keys.command('list').description('list keys, redacted').option('--workspace <name>', 'only this workspace')
    .addOption(dataDirOption()).addOption(jsonOption())
    .action(async (flags: StorageFlags & { workspace?: string }) => {
      const list = await withKeys(flags, (a) => a.listKeys(flags.workspace));
      print(flags, { object: 'list', data: list }, list.map((k) =>
        `${k.id}  ${k.redacted.padEnd(24)} ${k.type.padEnd(11)} ${k.workspace}  ${k.revoked_at ? `revoked ${k.revoked_at}` : `last used ${k.last_used_at ?? 'never'}`}`).join('\n') || 'No keys.');
    });
  keys.command('revoke').description('revoke a key: it is refused within a few seconds').argument('<key>', 'the key id (key_…) or the key itself')
    .addOption(dataDirOption()).addOption(jsonOption())
    .action(async (idOrKey: string, flags: StorageFlags) => {
      const row = await withKeys(flags, (a) => a.revokeKey(idOrKey));
      print(flags, { id: row.id, object: 'api_key', redacted: row.redacted, revoked_at: row.revoked_at }, `Revoked ${row.redacted} (${row.id}).`);
    });

  const jobs = cli.command('jobs').description('the background job queue');
  jobs.command('failed').description('jobs that failed for good (dead-lettered), newest first')
    .addOption(new Option('--limit <n>', 'how many').argParser(integer('--limit', 1, 1000)).default(20))
    .addOption(dataDirOption()).addOption(jsonOption())
    .action(async (flags: StorageFlags & { limit: number }) => {
      const rows = await withStorage(flags, (d) => d.ctx.queue.failed(flags.limit));
      const data = rows.map((j) => ({ id: j.id, object: 'job', queue: j.queue, attempts: j.attempts, max_attempts: j.maxAttempts, last_error: j.lastError, payload: j.payload, failed_at: j.updatedAt.toISOString() }));
      print(flags, { object: 'list', data }, data.map((j) => `${j.id}  ${j.queue.padEnd(18)} ${j.attempts}/${j.max_attempts}  ${j.failed_at}  ${j.last_error ?? ''}  ${JSON.stringify(j.payload)}`).join('\n') || 'No failed jobs.');
    });

  // Subcommands report their own usage errors the same way, and none of them exits on its own.
  const all = (c: Command): Command[] => [c, ...c.commands.flatMap(all)];
  for (const c of all(cli)) c.exitOverride().showSuggestionAfterError(true).configureOutput({ outputError: (text, write) => write(`debrief: ${text.replace(/^error: /, '')}`) });
  return cli;
}

/** What a failure says: the message of an error we know, never a stack trace (DEBRIEF_DEBUG=1 shows one). */
function explain(err: unknown): Failure {
  if (err instanceof Failure) return err;
  if (err instanceof DebriefError || err instanceof DataDirLocked || err instanceof ConfigError) return new Failure(err.message);
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') return new Failure('the port is in use; pick another with --port');
  if (code === 'ECONNREFUSED') return new Failure(`cannot reach the database at DATABASE_URL (${(err as Error).message})`);
  if (process.env.DEBRIEF_DEBUG) return new Failure(err instanceof Error ? err.stack ?? err.message : String(err));
  return new Failure(`${err instanceof Error ? err.message : String(err)} (DEBRIEF_DEBUG=1 shows where)`);
}

export async function main(argv = process.argv) {
  const cli = program();
  if (argv.length <= 2) {
    cli.outputHelp();
    return;
  }
  try {
    await cli.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version are answers, not errors; a usage error has already been printed.
      process.exitCode = err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help' ? 0 : 2;
      return;
    }
    const failure = explain(err);
    process.stderr.write(`debrief: ${failure.message}\n`);
    process.exitCode = failure.exitCode;
  }
}

await main();
