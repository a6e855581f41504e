import { createHash } from 'node:crypto';
import { randomBase62 } from '../ids.ts';

export type KeyType = 'secret' | 'publishable';

export interface ParsedKey { prefix: string; livemode: boolean; secret: string }

/** `<prefix>_<test|live>_<base62>`; imported keys from other services may have a shorter tail. */
const KEY_PATTERN = /^([a-z][a-z0-9]{0,15})_(test|live)_([A-Za-z0-9]{16,128})$/;
export const PREFIX_PATTERN = /^[a-z][a-z0-9]{0,15}$/;
export const PUBLISHABLE_PREFIX = 'pub';
export const DEFAULT_PREFIX = 'dbf';

export function parseKey(key: string): ParsedKey | null {
  const m = KEY_PATTERN.exec(key);
  return m ? { prefix: m[1], livemode: m[2] === 'live', secret: m[3] } : null;
}

export const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

export const redactKey = (key: string) => {
  const p = parseKey(key)!;
  return `${p.prefix}_${p.livemode ? 'live' : 'test'}_…${p.secret.slice(-4)}`;
};

export function mintKey(prefix: string, livemode: boolean): string {
  return `${prefix}_${livemode ? 'live' : 'test'}_${randomBase62(32)}`;
}
