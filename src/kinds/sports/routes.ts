import { Type } from 'typebox';
import { scopeOf } from '../../http/types.ts';
import type { RouteHost } from '../kind.ts';
import type { KindContext, KindSession } from '../context.ts';
import { SPORTS_INPUTS, type SportsResultBase } from './common.ts';
import { sessionDocument, type DocumentHead } from './document.ts';
import type { Sport, SportsTasks } from './sport.ts';

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
    metrics_uncertainty: Type.Record(Type.String(), Type.Union([Type.Number(), Type.Null()]), {
      description: "One standard deviation of each timed metric, under the metric's own name and in its unit (cadence_spm, mean_ground_contact_time_s, mean_flight_time_s, …): from the frame rate, the points' jitter and the contact rule. Each jump and step carries its own `uncertainty` object likewise. Null where the figure is not measurable",
    }),
    warnings: Type.Array(Type.Object({
      code: Type.String({ description: 'feet_too_small (contact and flight times null), feet_without_toes (coco17: timed from the ankles), frame_rate_low (below 50 fps: see the uncertainties)' }),
      message: Type.String(),
    }), { description: 'What the recording could not say, and why' }),
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


/** `GET /{kind}/sessions/{session_id}/` and its `/export/` (JSON or CSV), as reference 001 documents them. */
export function sportsRoutes<Options, Result extends SportsResultBase>(app: RouteHost, ctx: KindContext<Options, Result, SportsTasks>, sport: Sport<Options, Result>) {
  const params = Type.Object({ session_id: Type.String({ maxLength: 64 }) });
  const config = { scoped: { session_id: 'session' } } as const;
  const kind = sport.name;
  const tags = [kind];

  /** The document's head: what the session itself says. */
  async function head(s: KindSession<Options>): Promise<DocumentHead> {
    const person = s.userId ? (await ctx.people({ workspaceId: s.workspaceId, livemode: s.livemode }, [s.userId])).get(s.userId) : undefined;
    const name = person ? [person.firstName, person.lastName].filter(Boolean).join(' ') : '';
    return {
      session_id: s.id, title: s.metadata.title ?? sport.title(s.options), activity: kind, user_name: name || s.userId || null,
      analyzed_video_url: ctx.fileUrl(s.analyzedVideoToken), video_url: ctx.fileUrl(s.videoToken), created_at: referenceDate(s.createdAt),
    };
  }

  const Detail = sportsDetailSchema(kind);
  const notReady = { description: 'The session is not analysed yet', $ref: 'Error#' };
  const name = kind[0].toUpperCase() + kind.slice(1);
  app.get(`/${kind}/sessions/:session_id/`, {
    schema: { operationId: `get${name}Session`, summary: `A ${kind} session: metrics, angles, timestamps (reference 001)`, tags, params, response: { 200: Detail, 409: notReady } },
    config,
  }, async (request) => {
    const session = await ctx.session(scopeOf(request.auth), request.params.session_id);
    const result = await ctx.result(session);
    return sessionDocument(await head(session), result, sport.summary(result));
  });

  const Query = Type.Object({ format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')], { description: 'json (default) or csv' })) }, { additionalProperties: false });
  app.get(`/${kind}/sessions/:session_id/export/`, {
    schema: {
      operationId: `export${name}Session`, summary: `Export of a ${kind} session with per-frame keypoints (reference 001); ?format=csv for a spreadsheet`, tags, params,
      response: {
        200: {
          description: 'The session with every frame: JSON, or CSV with ?format=csv',
          content: { 'application/json': { schema: Type.Intersect([Detail, Type.Object({ keypoints: Type.Record(Type.String(), Type.Array(Type.Union([Type.Number(), Type.Null()])), { description: 'Per-frame x, y and visibility of each joint, keyed <joint><axis> (lknex, lkney, lknev)' }) })]) }, 'text/csv': { schema: Type.String() } },
        },
        409: notReady,
      },
      querystring: Query,
    },
    config,
  }, async (request, reply) => {
    const session = await ctx.session(scopeOf(request.auth), request.params.session_id);
    const format = request.query.format ?? 'json';
    // Read, parsed and written in a compute thread, result and every frame's keypoints: a long recording's export is large.
    const result = await ctx.resultSource(session);
    const documentHead = await head(session);
    const bytes = await ctx.withRecording(session, SPORTS_INPUTS, (input) => ctx.compute.run('export', { input, head: documentHead, result, format }));
    const out = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (format === 'csv') {
      return reply.type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${kind}-${session.id}.csv"`)
        .send(out);
    }
    return reply.type('application/json; charset=utf-8').send(out);
  });
}
