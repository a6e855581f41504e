import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { scopeOf } from '../../http/types.ts';
import type { RouteHost } from '../kind.ts';
import { DebriefError } from '../../errors.ts';
import { captureBundle } from './capture-build.ts';
import { collectRoute } from './collect.ts';
import { CHECKS } from './checks.ts';
import { replayPage } from './replay-page.ts';
import { randomBytes } from 'node:crypto';
import { createBehaviorStore, type BehaviorContext } from './store.ts';
import { BehaviorCheckSchema, BehaviorReportSchema, UserSessionsSchema } from './schemas.ts';
import { binary, listOf } from '../../schemas.ts';

const script200 = binary('The script', ['application/javascript']);

const QUIET_MS = 30 * 60 * 1000;
const PLAYER_DIR = path.dirname(createRequire(import.meta.url).resolve('rrweb-player'));

/** The capture script, the collect endpoint, the reference 003 routes and the replay page. */
export function behaviorRoutes(app: RouteHost, ctx: BehaviorContext) {
  const store = createBehaviorStore(ctx);
  collectRoute(app, ctx, store);

  const script = (which: 'script' | 'module') => async (_request: unknown, reply: FastifyReply) => {
    const bundle = await captureBundle();
    return reply.type('application/javascript; charset=utf-8').header('cache-control', 'public, max-age=300')
      .header('access-control-allow-origin', '*').send(bundle[which]);
  };
  app.get('/capture.js', { config: { auth: 'none' }, schema: { operationId: 'getCaptureScript', summary: 'The capture script for web pages (<script src=…/capture.js data-key=pub_…>)', tags: ['behavior'], response: { 200: script200 } } }, script('script'));
  app.get('/capture.mjs', { config: { auth: 'none' }, schema: { operationId: 'getCaptureModule', summary: 'The capture script as an ES module (startCapture)', tags: ['behavior'], response: { 200: script200 } } }, script('module'));

  const asset = (file: string, type: string) => async (_request: unknown, reply: FastifyReply) =>
    reply.type(type).header('cache-control', 'public, max-age=86400').send(fs.createReadStream(path.join(PLAYER_DIR, file)));
  app.get('/assets/rrweb-player.js', { config: { auth: 'none' }, schema: { hide: true } }, asset('rrweb-player.umd.min.cjs', 'application/javascript; charset=utf-8'));
  app.get('/assets/rrweb-player.css', { config: { auth: 'none' }, schema: { hide: true } }, asset('style.min.css', 'text/css; charset=utf-8'));

  app.get('/v1/behavior/checks', { schema: { operationId: 'listBehaviorChecks', summary: 'The catalogue of behaviour checks', tags: ['behavior'], response: { 200: listOf(BehaviorCheckSchema) } } }, async () => ({
    object: 'list', has_more: false,
    data: CHECKS.map((c) => ({ object: 'behavior_check', id: c.id, name: c.name, weight: c.weight, description: c.about })),
  }));

  app.get('/v0.0/sessions/:sessionId/report', {
    schema: {
      operationId: 'getBehaviorReport', summary: 'Behaviour report of a web session: user logs, failed checks, replay (reference 003)', tags: ['behavior'], response: { 200: BehaviorReportSchema },
      params: Type.Object({ sessionId: Type.String({ maxLength: 64, description: 'The capture script’s id (sessionStorage rtSessionId), or the ses_ id' }) }),
    },
    config: { scoped: { sessionId: 'session' } },
  }, async (request) => {
    const scope = scopeOf(request.auth);
    const { session, report } = await store.report(scope, request.params.sessionId);
    const token = await ctx.links.tokenFor(session, 'replay', ctx.config.replayLinkTtlMs);
    return {
      session_id: session.externalId ?? session.id,
      user_id: report.user_id ?? session.userId,
      user_logs: report.user_logs,
      failed_checks: report.failed_checks,
      session_replay: { url: `${ctx.origin()}/replay/${token}`, duration_seconds: report.duration_seconds },
      risk_score: report.risk_score,
      recommended_action: report.recommended_action,
      active: report.last_event_at !== null && Date.now() - report.last_event_at < QUIET_MS,
      event_count: report.event_count,
    };
  });

  app.get('/v0.0/sessions/:sessionId/events', {
    schema: {
      operationId: 'exportBehaviorEvents', summary: "A behaviour session's raw events as the capture script sent them, for your own analysis", tags: ['behavior'],
      params: Type.Object({ sessionId: Type.String({ maxLength: 64 }) }),
      response: {
        200: Type.Object({
          session_id: Type.String(), user_id: Type.Union([Type.String(), Type.Null()]), batches: Type.Integer(), event_count: Type.Integer(),
          events: Type.Array(Type.Object({ t: Type.Number({ description: 'Unix milliseconds' }), k: Type.String({ description: 'move, click, key, input, paste, scroll, nav, …' }) }, { additionalProperties: true })),
        }),
      },
    },
    config: { scoped: { sessionId: 'session' } },
  }, async (request, reply) => {
    const bytes = await store.rawEvents(scopeOf(request.auth), request.params.sessionId);
    return reply.type('application/json; charset=utf-8').header('content-disposition', 'attachment; filename="behavior-events.json"').send(bytes);
  });

  app.get('/v0.0/users/:userId/sessions', {
    schema: { operationId: 'listUserBehaviorSessions', summary: "A user's behaviour sessions, newest first, at most 100 (reference 003)", tags: ['behavior'], params: Type.Object({ userId: Type.String({ maxLength: 200 }) }), response: { 200: UserSessionsSchema } },
  }, async (request) => {
    const { userId } = request.params;
    const rows = await store.byUser(scopeOf(request.auth), userId);
    return {
      user_id: userId,
      sessions: rows.map(({ session: s, batches }) => ({
        session_id: s.externalId ?? s.id, id: s.id, user_id: s.userId, created_at: s.createdAt.toISOString(),
        last_seen_at: s.updatedAt.toISOString(), active: Date.now() - s.updatedAt.getTime() < QUIET_MS, batches,
      })),
    };
  });

  // The replay: a capability URL (143 random bits, expiring) that can be shared without a key.
  async function opened(token: string) {
    const session = await ctx.links.open(token, 'replay');
    if (!session) throw new DebriefError(404, 'not_found', 'resource_missing', 'This replay link is unknown or has expired. Ask for a new one from the session report.');
    return session;
  }
  const noStore = { 'cache-control': 'private, no-store', 'x-robots-tag': 'noindex', 'referrer-policy': 'no-referrer' };
  const Token = Type.Object({ token: Type.String() });
  app.get('/replay/:token', { config: { auth: 'none' }, schema: { hide: true, params: Token } }, async (request, reply) => {
    const s = await opened(request.params.token);
    // The recorded page is someone else's HTML: it may load nothing from elsewhere (the analyst's
    // browser would call out), run no script but ours, and this page is never framed.
    const nonce = randomBytes(16).toString('base64');
    return reply.headers({
      ...noStore,
      'content-security-policy': `default-src 'none'; script-src 'self' 'nonce-${nonce}'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; media-src 'self' data: blob:; connect-src 'self'; frame-src 'self' blob: data:; child-src 'self' blob: data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
      'x-frame-options': 'DENY',
      'x-content-type-options': 'nosniff',
    }).type('text/html; charset=utf-8').send(replayPage(`Session ${s.externalId ?? s.id}`, nonce));
  });
  app.get('/replay/:token/events', { config: { auth: 'none' }, schema: { hide: true, params: Token } }, async (request, reply) => {
    const s = await opened(request.params.token);
    const { report } = await store.report({ workspaceId: s.workspaceId, livemode: s.livemode }, s.id);
    return reply.headers(noStore).type('application/json; charset=utf-8').send(await store.replayDocument(s.id, report));
  });
}
