import type { Recording } from './keypoints.ts';
import { jointSeries } from './series.ts';

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
 * Null when the shoulders and hips are never seen together.
 */
export function estimateView(rec: Recording, frames?: ArrayLike<number>): ViewEstimate | null {
  const ls = [jointSeries(rec, 'left_shoulder', 'x'), jointSeries(rec, 'left_shoulder', 'y')];
  const rs = [jointSeries(rec, 'right_shoulder', 'x'), jointSeries(rec, 'right_shoulder', 'y')];
  const lh = [jointSeries(rec, 'left_hip', 'x'), jointSeries(rec, 'left_hip', 'y')];
  const rh = [jointSeries(rec, 'right_hip', 'x'), jointSeries(rec, 'right_hip', 'y')];
  const ratios: number[] = [];
  const at = (f: number) => {
    const sx = (ls[0][f] + rs[0][f]) / 2, sy = (ls[1][f] + rs[1][f]) / 2;
    const hx = (lh[0][f] + rh[0][f]) / 2, hy = (lh[1][f] + rh[1][f]) / 2;
    const trunk = Math.sqrt((sx - hx) ** 2 + (sy - hy) ** 2);
    const width = Math.sqrt((ls[0][f] - rs[0][f]) ** 2 + (ls[1][f] - rs[1][f]) ** 2);
    if (trunk > 0 && Number.isFinite(width / trunk)) ratios.push(width / trunk);
  };
  if (frames) for (let i = 0; i < frames.length; i++) at(frames[i]);
  else for (let f = 0; f < rec.frameCount; f++) at(f);
  if (!ratios.length) return null;
  ratios.sort((a, b) => a - b);
  const shoulderRatio = ratios[ratios.length >> 1];
  const view = shoulderRatio >= FRONT_RATIO ? 'front' : shoulderRatio <= SIDE_RATIO ? 'side' : 'oblique';
  return { view, shoulderRatio: Math.round(shoulderRatio * 100) / 100 };
}
