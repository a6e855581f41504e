import { sampledPercentiles } from '../../motion/filters.ts';
import { PERCENT_METRICS } from '../../motion/signals.ts';
import type { Posture } from '../../motion/posture.ts';
import type { AssessmentWarning } from './camera-view.ts';
import type { Exercise } from './catalogue.ts';

/** Below this share of frames with the signal's points seen, the count can miss reps and says so. */
const PARTLY_VISIBLE = 0.5;

const POSTURE_WORDS: Record<Posture, string> = {
  upright: 'standing',
  horizontal: 'with the body horizontal',
  hanging: 'hanging with the hands above the shoulders',
};

/**
 * What the count rests on, where the recording gives it little: the exercise's signal seen in
 * few frames, or no rep at all though someone is in view (never a silent 0: the message says how
 * far the signal moved and what a rep needs). `seenShare` is the share of frames where the
 * signal's points are seen, `signal` the smoothed signal over the recording.
 */
export function countWarnings(exercise: Exercise, count: number, seenShare: number, signal: Float64Array): AssessmentWarning[] {
  const { name, signal: { metric }, minAmplitude, minRepMs, posture } = exercise;
  const what = metric.replace(/_/g, ' ');
  const unit = PERCENT_METRICS.has(metric) ? '% of a body length' : '°';
  const warnings: AssessmentWarning[] = [];
  if (seenShare < PARTLY_VISIBLE) {
    warnings.push({
      code: 'person_partly_visible',
      message: `${name}: ${what} can be measured in only ${percent(seenShare)} of the frames (the points it needs are not seen in the rest), so reps there cannot be counted.`,
    });
  }
  if (count === 0) {
    const [lo, hi] = sampledPercentiles(signal, [0.02, 0.98]);
    const range = Math.round(hi - lo), floor = minAmplitude / 2;
    const needs = `a rep is a rise and fall back of at least ${floor}${unit} (usually ${minAmplitude}${unit}) lasting at least ${minRepMs / 1000} s${posture ? `, done ${POSTURE_WORDS[posture]}` : ''}`;
    warnings.push({
      code: 'no_reps_found',
      message: range < floor
        ? `${name}: no rep was found. ${capitalised(what)} moves through only ${range}${unit} in this recording, and ${needs}.`
        : `${name}: no rep was found. ${capitalised(what)} moves through ${range}${unit} in this recording, but not as reps do: ${needs}, and the first and last come back most of the way.`,
    });
  }
  return warnings;
}

const capitalised = (s: string) => s[0].toUpperCase() + s.slice(1);
const percent = (share: number) => (share > 0 && share < 0.01 ? 'under 1%' : `${Math.round(share * 100)}%`);
