import { DebriefError } from '../../errors.ts';
import type { CliUse } from '../kind.ts';
import type { ExerciseOptions, ExerciseResult } from './kind.ts';

/** `debrief analyze FILE --exercise NAME`: one assessment, its rep table, form notes and warnings printed. */
export const exerciseCli: CliUse<ExerciseOptions, ExerciseResult> = {
  options(flags) {
    if (!flags.exercise) throw new DebriefError(400, 'invalid_request_error', 'exercise_missing', 'Name the exercise: --exercise Squats (see GET /v1/exercises for the catalogue).');
    return { assessments: [flags.exercise] };
  },
  input: (options) => options.assessments[0],
  summary(result, options) {
    const a = result.assessments[options.assessments[0]];
    const lines = [`\n${a.name}: ${a.count} rep${a.count === 1 ? '' : 's'}\n`];
    const measures = a.individual_reps_list[0]?.measurement_results ?? [];
    const header = ['rep', 'frames', 'overall', ...measures.map((m) => m.message)];
    const rows = a.individual_reps_list.map((r) => [String(r.rep_number), `${r.start_frame_number}–${r.peak_frame_number}–${r.end_frame_number}`, `${r.overall_accuracy_measurement}%`,
      ...r.measurement_results.map((m) => `${m.accuracy}%${m.value !== undefined ? ` (${m.value})` : ''}${m.error ? ' !' : ''}`)]);
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const fmt = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
    lines.push(fmt(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(fmt));
    const errors = a.individual_reps_list.flatMap((r) => r.measurement_results.filter((m) => m.error).map((m) => `  rep ${r.rep_number}, frame ${m.error!.frame}: ${m.error!.message}`));
    if (errors.length) lines.push('\nForm:', ...errors);
    if (a.warnings.length) lines.push('\nWarnings:', ...a.warnings.map((w) => `  ${w.message}`));
    return lines;
  },
};
