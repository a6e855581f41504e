/** The detectors a rubric item can be graded by (grade.ts). */
export const SIGNAL_NAMES = [
  'open_questions', 'discovery_pain', 'talk_ratio', 'filler_words', 'next_steps', 'acknowledge_objection',
  'clarify_objection', 'value_reframe', 'no_discount', 'reflective_listening', 'no_lecturing', 'affirmations',
] as const;
export type SignalName = (typeof SIGNAL_NAMES)[number];
