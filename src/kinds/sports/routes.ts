import { eq } from 'drizzle-orm';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { KindContext } from '../../http/context.ts';
import { scopeOf } from '../../http/types.ts';
import { notFound, sessionNotReady } from '../../errors.ts';
import { inputs } from '../../store/schema.ts';
import { fileUrl, type SessionRecord } from '../../sessions/view.ts';
import type { SportsResultBase } from './common.ts';
import { sessionDocument, type DocumentHead } from './document.ts';
import type { InputBody } from '../../compute/tasks.ts';

export interface SportsRouteSpec {
  kind: SportsResultBase['activity'];
  /** The session's title when the client gave none in metadata.title. */
  title(options: Record<string, unknown>): string;
}

/** Reference 001's session detail: the fields every sports kind shares, and the kind's own summary besides. */
function sportsDetailSchema(kind: string) {
  const url = Type.Union([Type.String(), Type.Null()]);
  return Type.Object({
    session_id: Type.String(),
    title: Type.String(),
    activity: Type.Literal(kind),
    user_name: Type.Union([Type.String(), Type.Null()]),
    analyzed_video_url: url,
    video_url: url,
    created_at: Type.Object({ date: Type.String({ description: 'MM/DD/YYYY (UTC)' }), time: Type.String({ description: 'hh:mm AM (UTC)' }) }),
    all_timestamps: Type.Array(Type.Number(), { description: 'Each frame\'s time in seconds' }),
    end_frames: Type.Array(Type.Integer()),
    angles: Type.Record(Type.String(), Type.Array(Type.Union([Type.Number(), Type.Null()])), { description: 'Per-frame joint angles in degrees' }),
    metrics: Type.Record(Type.String(), Type.Union([Type.Number(), Type.String(), Type.Boolean(), Type.Null()])),
    fps: Type.Number(),
    frame_count: Type.Integer(),
    calibration: Type.Object({ calibrated: Type.Boolean(), athlete_height_m: Type.Union([Type.Number(), Type.Null()]), athlete_height_frame_share: Type.Union([Type.Number(), Type.Null()]), note: Type.String() }),
  }, {
    additionalProperties: true,
    description: `A ${kind} session; the kind's own summary (jumps, steps or reps) is added beside these fields`,
    examples: [{ session_id: 'abcd1234', analyzed_video_url: 'https://storage.googleapis.com/your-bucket/analyzed_video.mp4', video_url: 'https://storage.googleapis.com/your-bucket/original_video.mov', created_at: { date: '05/02/2025', time: '06:00 PM' } }],
  });
}

const pad = (n: number) => String(n).padStart(2, '0');
/** `created_at` as reference 001 shows it: `{date: "MM/DD/YYYY", time: "hh:mm AM"}` (UTC). */
export function referenceDate(d: Date) {
  const h = d.getUTCHours();
  return {
    date: `${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${d.getUTCFullYear()}`,
    time: `${pad(h % 12 === 0 ? 12 : h % 12)}:${pad(d.getUTCMinutes())} ${h < 12 ? 'AM' : 'PM'}`,
  };
}


/** The ready session of this kind in the caller's workspace and mode; 404 for any other, 409 while not ready. */
async function readySession(ctx: KindContext, request: FastifyRequest, kind: string) {
  const id = (request.params as { session_id: string }).session_id;
  const scope = scopeOf(request.auth);
  const s = await ctx.sessions.get(scope, id);
  if (s.kind !== kind) throw notFound(`${kind} session`, id);
  if (s.status !== 'ready') throw sessionNotReady(s);
  return { session: s, scope };
}

/** The same, with its result read. */
export async function sportsSession(ctx: KindContext, request: FastifyRequest, kind: string) {
  const { session, scope } = await readySession(ctx, request, kind);
  const { result } = await ctx.sessions.result(scope, session.id);
  return { session, result: result!.data as SportsResultBase, scope };
}

/**
 * Runs `use` with the input the session was analysed from (a video's extracted keypoints, or the
 * uploaded ones) as a local file a compute task reads, removed afterwards.
 */
export async function withSessionRecording<T>(ctx: KindContext, s: SessionRecord, use: (input: InputBody) => Promise<T>): Promise<T> {
  const rows = await ctx.database.db.select().from(inputs).where(eq(inputs.sessionId, s.id));
  const row = rows.find((r) => r.name === 'video') ?? rows.find((r) => r.name === 'keypoints');
  if (!row) throw notFound('input', 'video');
  return ctx.blobs.withLocalCopies([row.keypointsBlobKey ?? row.blobKey], ([path]) => use({ name: row.name, path, contentType: 'application/json' }));
}

/** `GET /{kind}/sessions/{session_id}/` and its `/export/` (JSON or CSV), as reference 001 documents them. */
export function sportsRoutes(app: FastifyInstance, ctx: KindContext, spec: SportsRouteSpec) {
  const params = Type.Object({ session_id: Type.String({ maxLength: 64 }) });
  const config = { scoped: { session_id: 'session' } } as const;
  const tags = [spec.kind];

  /** The session (ready, of this kind) and its document's head; the result is read by the caller where it is needed. */
  async function head(request: FastifyRequest) {
    const { session: s, scope } = await readySession(ctx, request, spec.kind);
    const origin = ctx.origin();
    const user = s.userId ? (await ctx.users.byIds(scope, [s.userId])).get(s.userId) : undefined;
    const name = user ? [user.firstName, user.lastName].filter(Boolean).join(' ') : '';
    const title = typeof (s.metadata as Record<string, unknown>)?.title === 'string' ? String((s.metadata as Record<string, unknown>).title) : spec.title(s.options);
    const documentHead: DocumentHead = {
      session_id: s.id, title, activity: spec.kind, user_name: name || s.userId || null,
      analyzed_video_url: fileUrl(origin, s.analyzedVideoToken), video_url: fileUrl(origin, s.videoToken), created_at: referenceDate(s.createdAt),
    };
    return { session: s, scope, head: documentHead };
  }

  const Detail = sportsDetailSchema(spec.kind);
  const notReady = { description: 'The session is not analysed yet', $ref: 'Error#' };
  const name = spec.kind[0].toUpperCase() + spec.kind.slice(1);
  app.get(`/${spec.kind}/sessions/:session_id/`, {
    schema: { operationId: `get${name}Session`, summary: `A ${spec.kind} session: metrics, angles, timestamps (reference 001)`, tags, params, response: { 200: Detail, 409: notReady } },
    config,
  }, async (request) => {
    const { session, scope, head: documentHead } = await head(request);
    const { result } = await ctx.sessions.result(scope, session.id);
    return sessionDocument(documentHead, result!.data as SportsResultBase);
  });

  app.get(`/${spec.kind}/sessions/:session_id/export/`, {
    schema: {
      operationId: `export${name}Session`, summary: `Export of a ${spec.kind} session with per-frame keypoints (reference 001); ?format=csv for a spreadsheet`, tags, params,
      response: {
        200: {
          description: 'The session with every frame: JSON, or CSV with ?format=csv',
          content: { 'application/json': { schema: Type.Intersect([Detail, Type.Object({ keypoints: Type.Record(Type.String(), Type.Array(Type.Union([Type.Number(), Type.Null()])), { description: 'Per-frame x, y and visibility of each joint, keyed <joint><axis> (lknex, lkney, lknev)' }) })]) }, 'text/csv': { schema: Type.String() } },
        },
        409: notReady,
      },
      querystring: Type.Object({ format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')], { description: 'json (default) or csv' })) }, { additionalProperties: false }),
    },
    config,
  }, async (request, reply) => {
    const { session, scope, head: documentHead } = await head(request);
    const format = (request.query as { format?: string }).format === 'csv' ? 'csv' : 'json';
    // Read, parsed and written in a compute thread, result and every frame's keypoints: a long recording's export is large.
    const result = await ctx.sessions.resultSource(scope, session.id);
    const bytes = await withSessionRecording(ctx, session, (input) => ctx.compute.run('sportsExport', {
      kind: spec.kind, options: session.options, input, head: documentHead, result, format,
    }));
    const out = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (format === 'csv') {
      return reply.type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${spec.kind}-${session.id}.csv"`)
        .send(out);
    }
    return reply.type('application/json; charset=utf-8').send(out);
  });
}
