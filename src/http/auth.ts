import { timingSafeEqual } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { Db } from '../store/db.ts';
import { apiKeys } from '../store/schema.ts';
import { DebriefError } from '../errors.ts';
import { hashKey, parseKey, redactKey, type KeyType } from '../accounts/keys.ts';

export interface AuthContext { workspaceId: string; livemode: boolean; keyId: string; keyType: KeyType }

export const WWW_AUTHENTICATE = 'Basic realm="Debrief", Bearer realm="Debrief"';
const HOW = 'Send your secret key as `Authorization: Bearer <key>`, `Authorization: API-KEY <key>`, ' +
  'or with HTTP Basic auth using the key as the user name and an empty password (`curl -u <key>:`).';

const unauthorized = (code: string, message: string) => new DebriefError(401, 'authentication_error', code, message);

/** Pulls the key out of any of the three header styles the reference APIs use. */
export function keyFromHeader(header: string | undefined): string {
  if (!header) throw unauthorized('api_key_missing', `No API key provided. ${HOW}`);
  const space = header.indexOf(' ');
  const scheme = (space === -1 ? header : header.slice(0, space)).toLowerCase();
  const value = space === -1 ? '' : header.slice(space + 1).trim();
  if (scheme === 'basic') {
    let decoded: string;
    try {
      decoded = Buffer.from(value, 'base64').toString('utf8');
    } catch {
      decoded = '';
    }
    const colon = decoded.indexOf(':');
    const user = colon === -1 ? decoded : decoded.slice(0, colon);
    const pass = colon === -1 ? '' : decoded.slice(colon + 1);
    const key = user || pass;
    if (!key || (user && pass)) throw unauthorized('authorization_malformed', `The Basic credentials must carry the API key as the user name with an empty password. ${HOW}`);
    return key;
  }
  if (scheme === 'bearer' || scheme === 'api-key') {
    if (!value) throw unauthorized('authorization_malformed', `The Authorization header has no key after '${header.slice(0, space === -1 ? undefined : space)}'. ${HOW}`);
    return value;
  }
  throw unauthorized('authorization_malformed', `Unsupported Authorization scheme '${header.slice(0, space === -1 ? 20 : Math.min(space, 20))}'. ${HOW}`);
}

/** `Authorization: Bearer <token>` carrying this server's operator token (compared in constant time). */
export function isOperatorToken(header: string | undefined, token: string | null): boolean {
  if (!token || !header?.startsWith('Bearer op_')) return false;
  const given = Buffer.from(header.slice(7).trim()), wanted = Buffer.from(token);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

/**
 * Checks API keys. A known key is cached for a few seconds under the exact Authorization header a
 * client sends, so a read costs neither parsing, hashing nor a database round trip; a revocation
 * is seen within that time. `last_used_at` is written
 * at most once a minute per key, off the request path.
 */
export function createKeyAuth(db: Db, opts: { cacheMs?: number; log?: { warn(obj: object, msg: string): void } } = {}) {
  const cacheMs = opts.cacheMs ?? 5_000;
  const byHeader = new Map<string, { row: typeof apiKeys.$inferSelect; at: number }>();
  const lastWritten = new Map<string, number>();

  function touch(id: string) {
    const now = Date.now();
    if (now - (lastWritten.get(id) ?? 0) < 60_000) return;
    lastWritten.set(id, now);
    // Best effort, off the request's path; a failure is logged, never the request's.
    db.update(apiKeys).set({ lastUsedAt: sql`now()` }).where(eq(apiKeys.id, id)).catch((err) => opts.log?.warn({ err, key_id: id }, 'could not record when a key was last used'));
  }

  async function lookup(header: string | undefined) {
    const key = keyFromHeader(header);
    if (!parseKey(key)) {
      throw unauthorized('api_key_invalid', `Invalid API key provided: that is not a Debrief key (keys look like dbf_test_… or dbf_live_…). ${HOW}`);
    }
    const [row] = await db.select().from(apiKeys).where(eq(apiKeys.hash, hashKey(key)));
    if (!row) throw unauthorized('api_key_invalid', `Invalid API key provided: ${redactKey(key)}. Check the key in use, or create one with \`debrief keys create\`.`);
    if (byHeader.size > 10_000) byHeader.clear();
    byHeader.set(header!, { row, at: Date.now() });
    return row;
  }

  async function authenticate(request: FastifyRequest, allowed: KeyType): Promise<AuthContext> {
    const header = request.headers.authorization;
    const seen = header ? byHeader.get(header) : undefined;
    const row = seen && Date.now() - seen.at < cacheMs ? seen.row : await lookup(header);
    if (row.revokedAt) throw unauthorized('api_key_revoked', `The API key ${row.redacted} was revoked on ${row.revokedAt.toISOString()}. Use an active key.`);
    if (allowed === 'secret' && row.type !== 'secret') {
      throw new DebriefError(403, 'permission_error', 'secret_key_required',
        `The publishable key ${row.redacted} can only send capture data; this request needs a secret key.`);
    }
    touch(row.id);
    return { workspaceId: row.workspaceId, livemode: row.livemode, keyId: row.id, keyType: row.type };
  }

  return { authenticate };
}

export type KeyAuth = ReturnType<typeof createKeyAuth>;
