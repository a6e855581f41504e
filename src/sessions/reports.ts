import { and, eq, gt, isNull, or } from 'drizzle-orm';
import type { Db } from '../store/db.ts';
import { reportLinks, sessions } from '../store/schema.ts';
import { randomBase62 } from '../ids.ts';
import type { SessionRecord } from './view.ts';

/**
 * Report pages are served without a key: the URL itself is the permission (a capability URL),
 * so its token carries 143 random bits (24 base62 characters) and may expire.
 */
/** A report page's link, or a behaviour replay's: never both. */
export type LinkPurpose = 'report' | 'replay';

export function createReports(db: Db) {
  /** Returns the session's token for this purpose, creating it on first use. */
  async function tokenFor(sessionId: string, ttlMs?: number, purpose: LinkPurpose = 'report'): Promise<string> {
    const [existing] = await db.select().from(reportLinks)
      .where(and(eq(reportLinks.sessionId, sessionId), eq(reportLinks.purpose, purpose), or(isNull(reportLinks.expiresAt), gt(reportLinks.expiresAt, new Date()))));
    if (existing) return existing.token;
    const token = randomBase62(24);
    await db.insert(reportLinks).values({ token, sessionId, purpose, expiresAt: ttlMs ? new Date(Date.now() + ttlMs) : null });
    return token;
  }

  /** The session behind a token made for this purpose, or null for an unknown, expired or other-purpose token. */
  async function open(token: string, purpose: LinkPurpose = 'report'): Promise<SessionRecord | null> {
    if (!/^[A-Za-z0-9]{24}$/.test(token)) return null;
    const [row] = await db.select({ link: reportLinks, session: sessions }).from(reportLinks)
      .innerJoin(sessions, eq(sessions.id, reportLinks.sessionId)).where(and(eq(reportLinks.token, token), eq(reportLinks.purpose, purpose)));
    if (!row || (row.link.expiresAt && row.link.expiresAt < new Date())) return null;
    return row.session;
  }

  return { tokenFor, open };
}

export type Reports = ReturnType<typeof createReports>;
