import type { Recording } from './keypoints.ts';
import { JOINT_INDEX } from './skeleton.ts';
import { MIN_SCORE } from './signals.ts';

/**
 * The body position an exercise is done in, checked per frame from the image (y down, camera
 * upright): `upright` trunk within 50° of vertical (standing), `horizontal` trunk more than 40°
 * from vertical (plank, lying), `hanging` hands above the shoulders (pull-ups).
 */
export type Posture = 'upright' | 'horizontal' | 'hanging';

/** tan of 50° and of 40°: the trunk's sideways extent over its height at those angles from vertical. */
const TAN_50 = 1.1918, TAN_40 = 0.8391;

/** 1 where the frame is in the posture or cannot tell (the points are not seen), 0 where it is clearly not. */
export function postureMask(rec: Recording, posture: Posture): Uint8Array {
  const n = rec.frameCount, out = new Uint8Array(n).fill(1);
  const index = JOINT_INDEX[rec.format], stride = rec.pointCount * 4, d = rec.data;
  const [ls, rs, lh, rh, lw, rw] = (['left_shoulder', 'right_shoulder', 'left_hip', 'right_hip', 'left_wrist', 'right_wrist'] as const).map((j) => index[j]! * 4);
  const seen = (o: number, a: number, b: number) => d[o + a + 3] >= MIN_SCORE && d[o + b + 3] >= MIN_SCORE;
  for (let f = 0, o = 0; f < n; f++, o += stride) {
    if (!seen(o, ls, rs)) continue;
    const sy = (d[o + ls + 1] + d[o + rs + 1]) / 2;
    if (posture === 'hanging') {
      if (seen(o, lw, rw) && (d[o + lw + 1] + d[o + rw + 1]) / 2 > sy) out[f] = 0;
      continue;
    }
    if (!seen(o, lh, rh)) continue;
    const across = Math.abs(d[o + ls] + d[o + rs] - d[o + lh] - d[o + rh]) / 2, up = (d[o + lh + 1] + d[o + rh + 1]) / 2 - sy;
    // Angle from vertical, compared through its tangent (an upside-down trunk is never upright).
    if (posture === 'upright' ? !(up > 0 && across <= TAN_50 * up) : up > 0 && across < TAN_40 * up) out[f] = 0;
  }
  return out;
}
