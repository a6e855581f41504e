import { DEPTH_METRICS, METRIC_PLANE, type Metric } from '../../motion/signals.ts';
import type { CameraView, ViewEstimate } from '../../motion/view.ts';
import type { Exercise, Measurement } from './catalogue.ts';

/** What a recording could not support: `count-warnings.ts` has the count's, this file the camera view's. */
export interface AssessmentWarning { code: 'camera_view' | 'no_person_detected' | 'person_partly_visible' | 'no_reps_found'; message: string }

const words = (m: Metric) => m.replace(/_/g, ' ');
const list = (ms: Measurement[]) => [...new Set(ms.map((m) => words(m.metric)))].join(', ');

/** The body plane a metric is read in for this exercise. */
export function planeOf(exercise: Exercise, metric: Metric): 'frontal' | 'sagittal' | 'any' {
  const p = METRIC_PLANE[metric];
  return p === 'exercise' ? (exercise.view === 'front' ? 'frontal' : 'sagittal') : p;
}

/** Whether a camera view shows a metric's plane square on (an oblique view shows both, approximately). */
export function showsPlane(exercise: Exercise, metric: Metric, view: CameraView): boolean {
  const plane = planeOf(exercise, metric);
  return plane === 'any' || view === 'oblique' || (plane === 'frontal') === (view === 'front');
}

/**
 * The measurements this recording can support, and a warning for each that it cannot. A measure
 * read in one body plane needs the camera square to that plane: frontal-plane measures (knee
 * valgus, abduction, head turn) need the person facing the camera, sagittal-plane ones (flexion,
 * heel lift, body line) need them side on. Joint angles taken in 3D (keypoints with depth) hold
 * from any view. Filmed at an angle, plane-bound measures shrink by up to a third: they are kept,
 * with a warning that they are approximate.
 */
export function measurableFrom(exercise: Exercise, view: ViewEstimate | null, hasDepth: boolean): { measurements: Measurement[]; warnings: AssessmentWarning[] } {
  if (!view) return { measurements: exercise.measurements, warnings: [] };
  const planeBound = exercise.measurements.filter((m) => planeOf(exercise, m.metric) !== 'any' && !(hasDepth && DEPTH_METRICS.has(m.metric)));
  const needs = (m: Measurement) => (planeOf(exercise, m.metric) === 'frontal' ? 'front' : 'side');
  const seenAs = `this recording is filmed from the ${view.view === 'oblique' ? 'front at an angle' : view.view} (shoulder width ${view.shoulderRatio} of the trunk's length)`;
  const warnings: AssessmentWarning[] = [];
  if (view.view === 'oblique') {
    if (planeBound.length) {
      warnings.push({ code: 'camera_view', message: `${exercise.name}: ${seenAs}, so ${list(planeBound)} ${planeBound.length > 1 ? 'are' : 'is'} approximate. Film square to the ${exercise.view} for exact values.` });
    }
    return { measurements: exercise.measurements, warnings };
  }
  const left = planeBound.filter((m) => !showsPlane(exercise, m.metric, view.view));
  if (left.length) {
    const needed = needs(left[0]);
    warnings.push({
      code: 'camera_view',
      message: `${exercise.name}: ${seenAs}, and ${list(left)} can only be measured from the ${needed}, so ${left.length > 1 ? 'they are' : 'it is'} left out.` +
        (hasDepth ? '' : ' Keypoints with depth (blazepose33 x, y, z) measure joint angles from any view.'),
    });
  }
  return { measurements: exercise.measurements.filter((m) => !left.includes(m)), warnings };
}
