import type { Recording } from './keypoints.ts';
import { JOINT_INDEX } from './skeleton.ts';
import { MIN_SCORE } from './signals.ts';

export type CameraView = 'front' | 'side' | 'oblique';

export interface ViewEstimate {
  view: CameraView;
  /** Median shoulder width over trunk length in the image: about 0.6 facing the camera, under 0.2 side on. */
  shoulderRatio: number;
}

/** Shoulder width over trunk length at or above which the person faces the camera, and at or below which they are side on. */
const FRONT_RATIO = 0.45;
const SIDE_RATIO = 0.22;

/**
 * Which way the person faces the camera, from how wide the shoulders look against the trunk's
 * length (both shrink together with distance, so the ratio depends only on the turn). Calibrated
 * on the RepCount-A clips: people facing the camera measure 0.5–0.66, side on 0.06–0.2.
 * Null when the shoulders and hips are never seen together. With `windows`, only their frames
 * are read (the reps, not the getting ready).
 */
export function estimateView(rec: Recording, windows?: readonly { start: number; end: number }[]): ViewEstimate | null {
  const index = JOINT_INDEX[rec.format];
  const stride = rec.pointCount * 4, d = rec.data;
  const [ls, rs, lh, rh] = (['left_shoulder', 'right_shoulder', 'left_hip', 'right_hip'] as const).map((j) => index[j]! * 4);
  const ratios: number[] = [];
  const at = (f: number) => {
    const o = f * stride;
    if (!(d[o + ls + 3] >= MIN_SCORE && d[o + rs + 3] >= MIN_SCORE && d[o + lh + 3] >= MIN_SCORE && d[o + rh + 3] >= MIN_SCORE)) return;
    const tx = (d[o + ls] + d[o + rs] - d[o + lh] - d[o + rh]) / 2, ty = (d[o + ls + 1] + d[o + rs + 1] - d[o + lh + 1] - d[o + rh + 1]) / 2;
    const trunk = Math.sqrt(tx * tx + ty * ty);
    const width = Math.sqrt((d[o + ls] - d[o + rs]) ** 2 + (d[o + ls + 1] - d[o + rs + 1]) ** 2);
    if (trunk > 0) ratios.push(width / trunk);
  };
  // A median needs no more than a couple of thousand frames, evenly spread.
  const spans = windows ?? [{ start: 0, end: rec.frameCount - 1 }];
  const count = spans.reduce((n, w) => n + w.end - w.start + 1, 0);
  const step = Math.max(1, Math.floor(count / 2000));
  let k = 0;
  for (const w of spans) for (let f = w.start; f <= w.end; f++) if (k++ % step === 0) at(f);
  if (!ratios.length) return null;
  ratios.sort((a, b) => a - b);
  const shoulderRatio = ratios[ratios.length >> 1];
  const view = shoulderRatio >= FRONT_RATIO ? 'front' : shoulderRatio <= SIDE_RATIO ? 'side' : 'oblique';
  return { view, shoulderRatio: Math.round(shoulderRatio * 100) / 100 };
}
