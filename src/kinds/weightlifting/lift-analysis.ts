import { spawn } from 'node:child_process';
import { and, eq, like } from 'drizzle-orm';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { KindContext } from '../../http/context.ts';
import { inputs, sessionFiles } from '../../store/schema.ts';
import { randomBase62 } from '../../ids.ts';
import { fileUrl } from '../../sessions/view.ts';
import { sportsSession, withSessionRecording } from '../sports/routes.ts';
import type { InputBody } from '../../compute/tasks.ts';
import type { WeightliftingResult } from './analyze.ts';
import { keyFrames, type Still } from './charts.ts';
import { CHARTS, type Chart } from './chart-images.ts';
import { isVideo } from '../../video/types.ts';
import { LANGUAGES, recommendations, type Language } from './messages.ts';

/**
 * `GET` (and `POST`) `/weightlifting/sessions/{session_id}/lift-analysis/` (reference 001): chart
 * images per language and recommendations chosen from the measured faults. The PNGs are drawn
 * on the first request and kept with the session, behind capability URLs.
 */
export function liftAnalysisRoutes(app: FastifyInstance, ctx: KindContext) {
  const db = ctx.database.db;

  async function handler(request: FastifyRequest) {
    const { session, result } = await sportsSession(ctx, request, 'weightlifting');
    const r = result as WeightliftingResult;
    const existing = new Map((await db.select().from(sessionFiles)
      .where(and(eq(sessionFiles.sessionId, session.id), like(sessionFiles.name, 'lift:%')))).map((f) => [f.name, f.token]));
    const missing = CHARTS.flatMap((chart) => LANGUAGES.map((lang): [Chart, Language] => [chart, lang])).filter(([c, l]) => !existing.has(`lift:${c}:${l}`));
    if (missing.length) {
      // Drawn and encoded in a compute thread: twenty charts of a long recording take a while.
      const draw = (input: InputBody | null, stills: [number, Still][]) => ctx.compute.run('liftCharts', { options: session.options, result: r, input, stills, wanted: missing });
      const pngs = missing.some(([c]) => c === 'positions')
        ? await withSessionRecording(ctx, session, async (input) => draw(input, await videoStills(ctx, session.id, r)))
        : await draw(null, []);
      for (const [k, [chart, lang]] of missing.entries()) {
        const png = Buffer.from(pngs[k].buffer, pngs[k].byteOffset, pngs[k].byteLength);
        const blob = await ctx.blobs.writeBuffer(png, 'out');
        const token = randomBase62(24);
        const [row] = await db.insert(sessionFiles).values({ sessionId: session.id, name: `lift:${chart}:${lang}`, blobKey: blob.key, contentType: 'image/png', size: blob.size, token })
          .onConflictDoNothing().returning();
        // Another request drew it first: keep theirs.
        if (!row) await ctx.blobs.remove(blob.key);
        else existing.set(row.name, row.token);
      }
      if (existing.size < CHARTS.length * LANGUAGES.length) {
        for (const f of await db.select().from(sessionFiles).where(and(eq(sessionFiles.sessionId, session.id), like(sessionFiles.name, 'lift:%')))) existing.set(f.name, f.token);
      }
    }
    const origin = ctx.origin();
    const images = Object.fromEntries(CHARTS.map((chart) => [chart,
      Object.fromEntries(LANGUAGES.map((lang) => [lang, fileUrl(origin, existing.get(`lift:${chart}:${lang}`) ?? null)]))]));
    return { session_id: session.id, exercise_name: r.exercise_name, ...images, recommendations: recommendations(r) };
  }

  const byLanguage = Type.Object(Object.fromEntries(LANGUAGES.map((l) => [l, Type.Union([Type.String(), Type.Null()])])), { description: 'The chart as a PNG per language (capability URLs)' });
  const LiftAnalysisSchema = Type.Object({
    session_id: Type.String(),
    exercise_name: Type.String(),
    ...Object.fromEntries(CHARTS.map((c) => [c, byLanguage])),
    recommendations: Type.Object(Object.fromEntries(LANGUAGES.map((l) => [l, Type.Array(Type.String())])), { description: 'Advice chosen from the measured faults, per language' }),
  });
  const schema = (method: string) => ({
    operationId: method === 'GET' ? 'getLiftAnalysis' : 'createLiftAnalysis',
    summary: `Lift analysis: chart images and recommendations in ${LANGUAGES.join(', ')} (reference 001, ${method})`,
    tags: ['weightlifting'],
    params: Type.Object({ session_id: Type.String({ maxLength: 64 }) }),
    response: { 200: LiftAnalysisSchema, 409: { description: 'The session is not analysed yet', $ref: 'Error#' } },
  });
  const config = { scoped: { session_id: 'session' } } as const;
  app.get('/weightlifting/sessions/:session_id/lift-analysis/', { schema: schema('GET'), config }, handler);
  app.post('/weightlifting/sessions/:session_id/lift-analysis/', { schema: schema('POST'), config }, handler);
}

/** One frame of a video as a PNG about 300 px high (ffmpeg seeks to it). */
function frameAt(file: string, seconds: number): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const ff = spawn('ffmpeg', ['-nostdin', '-v', 'error', '-ss', seconds.toFixed(3), '-i', file, '-frames:v', '1', '-vf', 'scale=-2:300', '-f', 'image2pipe', '-vcodec', 'png', 'pipe:1'], { stdio: ['ignore', 'pipe', 'ignore'] });
    const chunks: Buffer[] = [];
    ff.stdout.on('data', (c: Buffer) => chunks.push(c));
    ff.on('error', () => resolve(null));
    ff.on('close', (code) => resolve(code === 0 && chunks.length ? Buffer.concat(chunks) : null));
  });
}

/** Stills of the key frames from the session's video (none for a keypoints session, or when ffmpeg cannot read it). */
async function videoStills(ctx: KindContext, sessionId: string, r: WeightliftingResult): Promise<[number, Still][]> {
  const stills: [number, Still][] = [];
  const [video] = (await ctx.database.db.select().from(inputs).where(eq(inputs.sessionId, sessionId))).filter((i) => isVideo(i.contentType));
  if (!video) return stills;
  return ctx.blobs.withLocalCopies([video.blobKey], async ([file]) => {
    for (const { frame } of keyFrames(r).slice(0, 6)) {
      const png = await frameAt(file, r.timestamps_s[frame]);
      // PNG header: width and height are big-endian at bytes 16 and 20.
      if (png && png.length > 24) stills.push([frame, { png, width: png.readUInt32BE(16), height: png.readUInt32BE(20) }]);
    }
    return stills;
  });
}
