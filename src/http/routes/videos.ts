import { eq } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RouteHost } from '../../kinds/kind.ts';
import { sendBlob } from '../send-blob.ts';
import { Type, type Static } from 'typebox';
import type { AppContext } from '../context.ts';
import { scopeOf } from '../types.ts';
import { DebriefError } from '../../errors.ts';
import { inputs, sessionFiles } from '../../store/schema.ts';
import { fileUrl } from '../../sessions/view.ts';
import { isVideo } from '../../video/types.ts';

/** Original and analysed videos behind capability URLs, and the analysed-video routes of reference 001. */
export function videoRoutes(app: RouteHost, ctx: AppContext) {
  const db = ctx.database.db;

  app.get('/f/:token', { config: { auth: 'none' }, schema: { hide: true, params: Type.Object({ token: Type.String() }) } }, async (request, reply) => {
    const { token } = request.params;
    if (!/^[A-Za-z0-9]{24}$/.test(token)) throw new DebriefError(404, 'not_found', 'resource_missing', 'No such file.');
    const [made] = await db.select().from(sessionFiles).where(eq(sessionFiles.token, token));
    const [upload] = made ? [] : await db.select().from(inputs).where(eq(inputs.shareToken, token));
    const found = made ?? upload;
    if (!found) throw new DebriefError(404, 'not_found', 'resource_missing', 'No such file: the link is wrong or the session was deleted.');
    reply.header('x-robots-tag', 'noindex').header('referrer-policy', 'no-referrer');
    return sendBlob(request, reply, ctx.blobs, found.blobKey, found.contentType);
  });

  const params = Type.Object({ session_id: Type.String({ maxLength: 64 }) });
  const handler = async (request: FastifyRequest<{ Params: Static<typeof params> }>, reply: FastifyReply) => {
    const id = request.params.session_id;
    const session = await ctx.sessions.get(scopeOf(request.auth), id);
    const origin = ctx.origin();
    if (session.analyzedVideoToken) return { analyzed_video_url: fileUrl(origin, session.analyzedVideoToken) };
    const status = { session_id: session.id, status: session.status, progress: session.progress, analyzed_video_url: null };
    if (session.status === 'open' || session.status === 'processing') return reply.code(202).send(status);
    if (session.status === 'failed') throw new DebriefError(409, 'conflict', 'session_failed', `Session ${id} failed (${session.error?.code}): there is no analysed video.`);
    const videos = (await db.select({ type: inputs.contentType, keypoints: inputs.keypointsBlobKey }).from(inputs).where(eq(inputs.sessionId, id)))
      .filter((r) => isVideo(r.type) && r.keypoints);
    if (!videos.length) throw new DebriefError(404, 'not_found', 'no_video', `Session ${id} was analysed from keypoints, not from a video: there is no video to draw on.`);
    // Ready but not rendered (an earlier render failed, or the session predates rendering): start it, once.
    await ctx.renderer.request(id);
    return reply.code(202).send(status);
  };
  const response = {
    200: Type.Object({ analyzed_video_url: Type.String({ description: 'The analysed video (a capability URL: no key needed)' }) }, { examples: [{ analyzed_video_url: 'https://api.example.com/f/9Qm2xY7tL0aB3cD4eF5gH6iJ' }] }),
    202: Type.Object({
      session_id: Type.String(), status: Type.String(), progress: Type.Union([Type.Number(), Type.Null()]), analyzed_video_url: Type.Null(),
    }, { description: 'Not there yet: the analysis or the rendering is under way; ask again' }),
    409: { description: 'The session failed: there is no analysed video', $ref: 'Error#' },
  };
  const schema = (operationId: string) => ({
    schema: { operationId, summary: 'Analysed video URL; starts its generation when missing (reference 001)', tags: ['video'], params, response },
    config: { scoped: { session_id: 'session' } as const },
  });
  app.get('/sessions/:session_id/analyzed-video/', schema('getAnalyzedVideo'), handler);
  app.get('/session-management/sessions/:session_id/analyzed-video/', schema('getSessionManagementAnalyzedVideo'), handler);
}
