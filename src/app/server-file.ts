import fs from 'node:fs';
import path from 'node:path';
import { randomBase62 } from '../ids.ts';

/**
 * How the CLI reaches a server that holds the data directory: `server.json` in it names the
 * server's address and an operator token, readable by the data directory's owner only (0600).
 * Whoever can read the data directory already owns its data; the token lets them manage keys
 * (`/v1/api_keys?workspace=…`) without stopping the server. A new token on every start.
 */
export interface ServerFile { url: string; pid: number; operator_token: string }

const fileOf = (dataDir: string) => path.join(dataDir, 'server.json');

export const newOperatorToken = () => `op_${randomBase62(40)}`;

export function writeServerFile(dataDir: string, content: ServerFile) {
  const file = fileOf(dataDir), tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(content), { mode: 0o600 });
  fs.renameSync(tmp, file);
}

/** Removed at shutdown, only when it is still this process's (a later server may have replaced it). */
export function removeServerFile(dataDir: string, token: string) {
  const found = readServerFile(dataDir);
  if (found?.operator_token === token) fs.rmSync(fileOf(dataDir), { force: true });
}

export function readServerFile(dataDir: string): ServerFile | null {
  try {
    const doc = JSON.parse(fs.readFileSync(fileOf(dataDir), 'utf8')) as ServerFile;
    return typeof doc.url === 'string' && typeof doc.operator_token === 'string' ? doc : null;
  } catch {
    return null;
  }
}
