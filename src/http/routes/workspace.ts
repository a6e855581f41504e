import { eq } from 'drizzle-orm';
import type { RouteHost } from '../../kinds/kind.ts';
import { Type } from 'typebox';
import type { AppContext } from '../context.ts';
import { invalidRequest } from '../../errors.ts';
import { workspaces } from '../../store/schema.ts';

const Body = Type.Object({
  time_zone: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'IANA time zone for user_time in reports, e.g. Europe/Berlin' })),
  allowed_origins: Type.Optional(Type.Array(Type.String({ maxLength: 300 }), { maxItems: 100, description: 'Origins (https://shop.example.com) whose pages may send capture data with a live publishable key' })),
}, { additionalProperties: false });

const WorkspaceSchema = Type.Object({
  id: Type.String(), object: Type.Literal('workspace'), name: Type.String(), time_zone: Type.String(),
  allowed_origins: Type.Array(Type.String()), created_at: Type.String({ format: 'date-time' }),
});

const view = (w: typeof workspaces.$inferSelect) => ({ id: w.id, object: 'workspace' as const, name: w.name, time_zone: w.timezone, allowed_origins: w.allowedOrigins, created_at: w.createdAt.toISOString() });

/** The caller's workspace settings: time zone of reports, origins allowed to send capture data. */
export function workspaceRoutes(app: RouteHost, ctx: AppContext) {
  const db = ctx.database.db;
  const own = async (id: string) => (await db.select().from(workspaces).where(eq(workspaces.id, id)))[0];

  app.get('/v1/workspace', { schema: { operationId: 'getWorkspace', summary: "The key's workspace and its settings", tags: ['workspace'], response: { 200: WorkspaceSchema } } }, async (request) => view(await own(request.auth!.workspaceId)));

  app.patch('/v1/workspace', { schema: { operationId: 'updateWorkspace', summary: 'Change the time zone or the allowed origins', tags: ['workspace'], body: Body, response: { 200: WorkspaceSchema } } }, async (request) => {
    const body = request.body ?? {};
    const set: Partial<typeof workspaces.$inferInsert> = {};
    if (body.time_zone !== undefined) {
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: body.time_zone });
      } catch {
        throw invalidRequest('parameter_invalid', `'${body.time_zone}' is not an IANA time zone (e.g. UTC, Europe/Berlin, America/New_York).`, 'time_zone');
      }
      set.timezone = body.time_zone;
    }
    if (body.allowed_origins !== undefined) {
      set.allowedOrigins = body.allowed_origins.map((o, i) => {
        let url: URL | null = null;
        try { url = new URL(o); } catch { /* not a URL: refused below */ }
        if (!url || !['http:', 'https:'].includes(url.protocol) || url.origin !== o.replace(/\/$/, '')) {
          throw invalidRequest('parameter_invalid', `allowed_origins[${i}] must be an origin like https://shop.example.com (scheme, host, optional port; no path).`, `allowed_origins[${i}]`);
        }
        return url.origin;
      });
    }
    const [row] = Object.keys(set).length ? await db.update(workspaces).set(set).where(eq(workspaces.id, request.auth!.workspaceId)).returning() : [await own(request.auth!.workspaceId)];
    return view(row);
  });
}
