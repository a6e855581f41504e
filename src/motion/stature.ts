import type { Recording } from './keypoints.ts';
import { bodyLength } from './series.ts';

/**
 * The chain ankle → knee → hip → shoulder → ear spans about 87 % of an adult's standing height
 * (from the Drillis–Contini segment proportions). Summing the segments, each at its longest in
 * the recording, measures the athlete in any posture: standing, squatting or lying on a bench.
 */
export const CHAIN_SHARE_OF_STATURE = 0.87;

/** The athlete's standing height in recording units (frame heights); NaN when the legs or trunk are never seen. */
export function statureInUnits(rec: Recording): number {
  const chain = bodyLength(rec, 'ankle', 'knee') + bodyLength(rec, 'knee', 'hip') + bodyLength(rec, 'hip', 'shoulder') + bodyLength(rec, 'shoulder', 'ear');
  return chain / CHAIN_SHARE_OF_STATURE;
}

/** How recording units turn into metres (when the athlete's height is known) and into shares of the athlete's height. */
export interface Scale {
  statureUnits: number;
  /** Null without a known length: then only times, angles and shares of height are given. */
  metresPerUnit: number | null;
}

export function scaleFor(rec: Recording, athleteHeightM: number | undefined): Scale {
  const statureUnits = statureInUnits(rec);
  return { statureUnits, metresPerUnit: athleteHeightM && statureUnits > 0 ? athleteHeightM / statureUnits : null };
}

const round = (v: number, digits: number) => (Number.isFinite(v) ? Math.round(v * 10 ** digits) / 10 ** digits : null);

/** A distance in metres (null without calibration). */
export const metres = (units: number, s: Scale, digits = 3) => (s.metresPerUnit === null ? null : round(units * s.metresPerUnit, digits));
/** A distance as a percentage of the athlete's height. */
export const pctOfHeight = (units: number, s: Scale) => round((units / s.statureUnits) * 100, 1);
