import type { SportsResultBase } from './common.ts';
import type { JumpingResult } from '../jumping/analyze.ts';
import type { RunningResult } from '../running/analyze.ts';
import type { WeightliftingResult } from '../weightlifting/analyze.ts';

/**
 * Reference 001's session document, made from a result: pure, so the detail route builds it on the
 * API's thread and the export builds it in a compute thread, where a long recording's result is
 * read and parsed without holding the event loop.
 */

/** The document's head: what the session itself says (ids, title, links, the athlete's name). */
export interface DocumentHead {
  session_id: string; title: string; activity: SportsResultBase['activity']; user_name: string | null;
  analyzed_video_url: string | null; video_url: string | null; created_at: { date: string; time: string };
}

/** What each kind adds: its jumps, steps or reps. */
const SUMMARY: Record<SportsResultBase['activity'], (r: SportsResultBase) => Record<string, unknown>> = {
  jumping: (r) => ({ exercise: (r as JumpingResult).exercise, jumps: (r as JumpingResult).jumps }),
  running: (r) => ({ steps: (r as RunningResult).steps }),
  weightlifting: (r) => {
    const w = r as WeightliftingResult;
    return { exercise_name: w.exercise_name, barbell_mass: w.barbell_mass, reps: w.reps };
  },
};

export function sessionDocument(head: DocumentHead, r: SportsResultBase): Record<string, unknown> {
  return {
    ...head,
    all_timestamps: r.timestamps_s,
    end_frames: r.end_frames,
    angles: r.angles,
    metrics: r.metrics,
    ...SUMMARY[r.activity](r),
    fps: r.fps,
    frame_count: r.frame_count,
    calibration: r.calibration,
  };
}

/** The export's per-frame columns beyond keypoints and angles: running's foot contact, the bar's path. */
export function extraFrameColumns(r: SportsResultBase): Record<string, (string | number | null)[]> {
  if (r.activity === 'running') return { contact: (r as RunningResult).contact };
  if (r.activity === 'weightlifting') {
    const b = (r as WeightliftingResult).bar;
    return { [`bar_x_${b.unit}`]: b.x, [`bar_y_${b.unit}`]: b.y, [`bar_velocity_${b.unit}_per_s`]: b.velocity };
  }
  return {};
}
