import type { Recording } from './keypoints.ts';
import { jointSeries, meanSeries } from './series.ts';

/**
 * The body position an exercise is done in, checked per frame from the image (y down, camera
 * upright): `upright` trunk within 50° of vertical (standing), `horizontal` trunk more than 40°
 * from vertical (plank, lying), `hanging` hands above the shoulders (pull-ups).
 */
export type Posture = 'upright' | 'horizontal' | 'hanging';

const DEG = 180 / Math.PI;

/** 1 where the frame is in the posture or cannot tell (nobody seen), 0 where it is clearly not. */
export function postureMask(rec: Recording, posture: Posture): Uint8Array {
  const n = rec.frameCount, out = new Uint8Array(n).fill(1);
  const mid = (a: Float64Array, b: Float64Array) => meanSeries(a, b);
  const sy = mid(jointSeries(rec, 'left_shoulder', 'y'), jointSeries(rec, 'right_shoulder', 'y'));
  if (posture === 'hanging') {
    const wy = mid(jointSeries(rec, 'left_wrist', 'y'), jointSeries(rec, 'right_wrist', 'y'));
    for (let f = 0; f < n; f++) if (wy[f] === wy[f] && sy[f] === sy[f] && wy[f] > sy[f]) out[f] = 0;
    return out;
  }
  const sx = mid(jointSeries(rec, 'left_shoulder', 'x'), jointSeries(rec, 'right_shoulder', 'x'));
  const hx = mid(jointSeries(rec, 'left_hip', 'x'), jointSeries(rec, 'right_hip', 'x'));
  const hy = mid(jointSeries(rec, 'left_hip', 'y'), jointSeries(rec, 'right_hip', 'y'));
  for (let f = 0; f < n; f++) {
    if (!(sx[f] === sx[f] && hx[f] === hx[f] && sy[f] === sy[f] && hy[f] === hy[f])) continue;
    const fromVertical = Math.atan2(Math.abs(sx[f] - hx[f]), hy[f] - sy[f]) * DEG;
    if (posture === 'upright' ? fromVertical > 50 : fromVertical < 40) out[f] = 0;
  }
  return out;
}
