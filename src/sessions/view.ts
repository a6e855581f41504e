import type { inputs, sessions } from '../store/schema.ts';

export type SessionRecord = typeof sessions.$inferSelect;
export type InputRecord = typeof inputs.$inferSelect;
export type SessionStatus = SessionRecord['status'];

/** Where a file behind a capability token is served. */
export const fileUrl = (origin: string, token: string | null) => (token ? `${origin}/f/${token}` : null);

/** The session object of the native API; `origin` is the public base URL links are built on. */
export function sessionView(s: SessionRecord, origin: string) {
  return {
    id: s.id,
    object: 'session' as const,
    kind: s.kind,
    status: s.status,
    livemode: s.livemode,
    user_id: s.userId,
    external_id: s.externalId,
    metadata: s.metadata,
    options: s.options,
    progress: s.progress,
    error: s.error ?? null,
    created_at: s.createdAt.toISOString(),
    completed_at: s.completedAt?.toISOString() ?? null,
    video_url: fileUrl(origin, s.videoToken),
    analyzed_video_url: fileUrl(origin, s.analyzedVideoToken),
  };
}

export type SessionView = ReturnType<typeof sessionView>;

export function inputView(i: InputRecord) {
  return {
    object: 'input' as const,
    name: i.name,
    content_type: i.contentType,
    size: i.size,
    sha256: i.sha256,
    /** For a video input: where its extracted keypoints can be downloaded, once analysed. */
    keypoints_url: i.keypointsBlobKey ? `/v1/sessions/${i.sessionId}/inputs/${encodeURIComponent(i.name)}/keypoints` : null,
    created_at: i.createdAt.toISOString(),
  };
}
