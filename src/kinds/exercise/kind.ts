import { Type, type Static } from 'typebox';
import { invalidRequest } from '../../errors.ts';
import type { Recording } from '../../motion/keypoints.ts';
import { PERCENT_METRICS } from '../../motion/signals.ts';
import { defineKind, unknownInput } from '../kind.ts';
import { keypointsInput, poseModelOption } from '../keypoints-input.ts';
import { CATALOGUE, findExercise } from './catalogue.ts';
import { assessExercise, type AssessmentResult, type ExerciseResult } from './assess.ts';
import { exerciseReportPage } from './report-page.ts';

const optionsSchema = Type.Object({
  prescription_id: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Integer()])),
  assessments: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { minItems: 1, maxItems: 50 }),
  pose_model: poseModelOption,
}, { additionalProperties: false });

export type ExerciseOptions = Static<typeof optionsSchema>;
export type { ExerciseResult } from './assess.ts';

const catalogueNames = () => CATALOGUE.map((e) => e.name);

/** The assessment as the client named it in options, matched case-insensitively. */
function assessmentNamed(options: ExerciseOptions, name: string): string | undefined {
  const wanted = name.toLowerCase().trim();
  return options.assessments.find((a) => a.toLowerCase().trim() === wanted);
}

export const exerciseContract = defineKind<ExerciseOptions, ExerciseResult>({
  name: 'exercise',
  description: 'Prescribed exercises recorded as pose keypoints: reps counted and scored against targets (reference 000).',
  analyzerVersion: 'exercise-3',
  optionsSchema,
  checkOptions(options) {
    const { assessments } = options;
    const unknown = assessments.filter((a) => !findExercise(a));
    if (unknown.length) {
      throw invalidRequest('assessment_unknown',
        `Unknown assessment ${unknown.map((u) => `'${u}'`).join(', ')}. Known assessments: ${catalogueNames().join(', ')}.`, 'options.assessments');
    }
    const lower = assessments.map((a) => a.toLowerCase().trim());
    const dup = lower.find((a, i) => lower.indexOf(a) !== i);
    if (dup) throw invalidRequest('assessment_duplicate', `Assessment '${dup}' is listed twice.`, 'options.assessments');
  },
  inputFor(name, options, settings) {
    const assessment = assessmentNamed(options, name);
    if (!assessment) throw unknownInput(name, options.assessments);
    return keypointsInput(assessment, settings);
  },
  requiredInputs: (options) => options.assessments,
  analyze(inputs, options) {
    const out: Record<string, AssessmentResult> = {};
    for (const name of options.assessments) {
      const exercise = findExercise(name)!;
      // A recording with nobody in it is still a result: zero reps and a warning that says why.
      out[name] = assessExercise(exercise, inputs[name] as Recording);
    }
    return { assessments: out };
  },
  videoOverlay(result, inputName) {
    const a = result.assessments[inputName];
    if (!a) return () => [];
    const reps = a.individual_reps_list;
    return (frame) => {
      const done = reps.filter((r) => r.end_frame_number < frame).length;
      const current = reps.find((r) => r.start_frame_number <= frame && frame <= r.end_frame_number);
      const phase = !current ? 'rest' : frame <= current.peak_frame_number ? `rep ${current.rep_number}: going` : `rep ${current.rep_number}: returning`;
      // The rep signal as the API measures it (the same series its peak values are read from).
      const value = a.signal.values[frame];
      const unit = PERCENT_METRICS.has(a.signal.metric) ? '%' : '°';
      return [a.name, `reps ${done}`, phase, ...(value === undefined ? [] : [`${a.signal.metric.replace(/_/g, ' ')} ${Math.round(value)}${unit}`])];
    };
  },
  reportPage: exerciseReportPage,
});
