import type { SportsResultBase } from './common.ts';

/**
 * Reference 001's session document, made from a result: pure, so the detail route builds it on the
 * API's thread and the export builds it in a compute thread, where a long recording's result is
 * read and parsed without holding the event loop.
 */

/** The document's head: what the session itself says (ids, title, links, the athlete's name). */
export interface DocumentHead {
  session_id: string; title: string; activity: string; user_name: string | null;
  analyzed_video_url: string | null; video_url: string | null; created_at: { date: string; time: string };
}

/** The head, what every sports result shares, and the kind's own summary (its jumps, steps or reps). */
export function sessionDocument(head: DocumentHead, r: SportsResultBase, summary: Record<string, unknown>): Record<string, unknown> {
  return {
    ...head,
    all_timestamps: r.timestamps_s,
    end_frames: r.end_frames,
    angles: r.angles,
    metrics: r.metrics,
    ...summary,
    // Results analysed before these existed have neither: an empty object and list, not a failed read.
    metrics_uncertainty: r.metrics_uncertainty ?? {},
    warnings: r.warnings ?? [],
    fps: r.fps,
    frame_count: r.frame_count,
    calibration: r.calibration,
  };
}
