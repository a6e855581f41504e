import type { RouteHost } from '../../kinds/kind.ts';
import type { AppContext } from '../context.ts';
import { readResult } from '../../sessions/results.ts';
import { Type } from 'typebox';
import { escapeHtml } from '../../report/html.ts';
import { scopeOf } from '../types.ts';
import { DebriefError } from '../../errors.ts';

const page = (title: string, body: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>${title}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#222}</style></head>
<body><h1>${title}</h1><p>${body}</p></body></html>`;

/** Report pages behind capability URLs: no key, the unguessable token is the permission. */
export function reportRoutes(app: RouteHost, ctx: AppContext) {
  // Reference 000's route, for every kind with a page: the link is the answer (a JSON string).
  app.get('/v1/report/:session_id', {
    schema: {
      operationId: 'getReportUrl', summary: "URL of the session's report page, for a session of any kind (reference 000)", tags: ['sessions'],
      params: Type.Object({ session_id: Type.String({ maxLength: 64 }) }),
      response: { 200: Type.String({ description: 'The report page: a capability URL that opens without a key', examples: ['https://assessment.spryhealth.care/report/35faf477'] }) },
    },
    config: { scoped: { session_id: 'session' } },
  }, async (request, reply) => {
    const s = await ctx.sessions.get(scopeOf(request.auth), request.params.session_id);
    if (!ctx.kinds.get(s.kind).reportPage) throw new DebriefError(404, 'not_found', 'no_report_page', `A ${s.kind} session has no report page.`);
    const token = await ctx.reports.tokenFor(s.id, ctx.config.reportLinkTtlMs ?? undefined);
    return reply.type('application/json').send(JSON.stringify(`${ctx.origin()}/r/${token}`));
  });

  app.get('/r/:token', { config: { auth: 'none' }, schema: { hide: true, params: Type.Object({ token: Type.String() }) } }, async (request, reply) => {
    const opened = await ctx.reports.open(request.params.token);
    reply.header('cache-control', 'private, no-store').header('x-robots-tag', 'noindex').header('referrer-policy', 'no-referrer')
      // The report is one self-contained page: inline styles and SVG, no script, nothing fetched but the session's own video.
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; media-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
      .header('x-frame-options', 'DENY');
    const kind = opened && ctx.kinds.has(opened.kind) ? ctx.kinds.get(opened.kind) : null;
    // Only links made for a report open here: a replay link (reports.open checks the purpose) does not.
    if (!opened || !kind?.reportPage) return reply.code(404).type('text/html').send(page('Report not found', 'This link is unknown or has expired. Ask for a new link.'));
    if (opened.status !== 'ready' && !(kind.reportWhileOpen && opened.status === 'open')) {
      const state = opened.status === 'failed' ? `The analysis failed: ${escapeHtml(opened.error?.message ?? '')}` : 'The analysis is not finished yet. This page will show the report when it is; reload in a moment.';
      return reply.code(opened.status === 'failed' ? 200 : 202).type('text/html').send(page('Report', state));
    }
    const result = (await readResult(ctx.database.db, ctx.blobs, opened.id))?.data ?? null;
    // Drawn in a compute thread: a long recording's page charts every frame.
    return reply.type('text/html').send(await ctx.compute.run('reportPage', { kind: opened.kind, session: opened, result }));
  });
}
