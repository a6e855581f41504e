import fs from 'node:fs';
import path from 'node:path';
import { createKindRegistry } from '../kinds/registry.ts';
import { DebriefError } from '../errors.ts';
import type { SessionKind } from '../kinds/kind.ts';
import { AnalysisFailed, InputInvalid } from '../analysis-errors.ts';
import type { SessionRecord } from '../sessions/view.ts';
import type { ExerciseResult } from '../kinds/exercise/kind.ts';

/** A one-line progress bar on stderr (plain lines when stderr is not a terminal). */
function progressBar(label: string) {
  let last = -1;
  return (done: number, total: number | null) => {
    const share = total ? Math.min(1, done / total) : 0;
    if (process.stderr.isTTY) {
      const width = 30, filled = Math.round(share * width);
      process.stderr.write(`\r${label.padEnd(22)} ${'█'.repeat(filled)}${'░'.repeat(width - filled)} ${done}${total ? `/${total}` : ''} frames`);
      if (total && done >= total) process.stderr.write('\n');
    } else if (Math.floor(share * 4) > last) {
      last = Math.floor(share * 4);
      process.stderr.write(`${label}: ${Math.round(share * 100)}%\n`);
    }
  };
}

export interface AnalyzeArgs { file: string; kind: string; exercise?: string; out?: string; athleteHeightM?: number; force?: boolean }

const SPORTS = new Set(['jumping', 'running', 'weightlifting']);

/** A sports kind's options from the command line: --exercise names the jump test or the lift, --height calibrates. */
function sportsOptions(args: AnalyzeArgs): Record<string, unknown> {
  const height = args.athleteHeightM === undefined ? {} : { athlete_height_m: args.athleteHeightM };
  if (args.kind === 'jumping') return { exercise: args.exercise ?? 'Countermovement Jump', ...height };
  if (args.kind === 'weightlifting') {
    if (!args.exercise) throw new DebriefError(400, 'invalid_request_error', 'exercise_missing', 'Name the lift: --exercise snatch|clean|clean_and_jerk|back_squat|deadlift|bench_press.');
    return { exercise_name: args.exercise, ...height };
  }
  return height;
}

async function keypointsOf(file: string): Promise<Buffer> {
  if (file.toLowerCase().endsWith('.json')) return fs.readFileSync(file);
  const { extractKeypoints } = await import('../video/extract.ts');
  const { doc, info } = await extractKeypoints(file, { onProgress: progressBar('Finding the body') });
  process.stderr.write(`${info.width}×${info.height}, ${info.fps.toFixed(1)} fps, ${doc.frames.length} frames\n`);
  return Buffer.from(JSON.stringify(doc));
}

function analyzeOrExplain(run: () => unknown) {
  try {
    return run();
  } catch (err) {
    if (err instanceof AnalysisFailed || err instanceof InputInvalid) throw new DebriefError(422, 'invalid_request_error', (err as AnalysisFailed).code ?? 'input_invalid', err.message);
    throw err;
  }
}

/** Jumping, running and weightlifting: result.json, the analysed video, and the summary metrics printed. */
async function analyzeSports(args: AnalyzeArgs, kind: SessionKind, options: Record<string, unknown>, out: string) {
  const kinds = createKindRegistry({ maxFrames: 1_000_000 });
  const isJson = args.file.toLowerCase().endsWith('.json');
  const name = isJson ? 'keypoints' : 'video';
  const keypointsJson = await keypointsOf(args.file);
  fs.writeFileSync(path.join(out, 'keypoints.json'), keypointsJson);
  const spec = kinds.inputFor(kind, name, options);
  const result = analyzeOrExplain(() => kind.analyze({ [name]: spec.parse(keypointsJson, 'application/json') }, options)) as { metrics: Record<string, unknown>; calibration: { note: string } };
  fs.writeFileSync(path.join(out, 'result.json'), JSON.stringify(result, null, 2));
  if (!isJson) {
    const { renderAnalyzedVideo } = await import('../video/render.ts');
    await renderAnalyzedVideo(args.file, JSON.parse(keypointsJson.toString('utf8')), kind.videoOverlay!(result, name, options), path.join(out, 'analyzed.mp4'), { onProgress: progressBar('Drawing the video') });
  }
  const session = { id: 'local', createdAt: new Date(), kind: kind.name, options, analyzedVideoToken: null } as unknown as SessionRecord;
  fs.writeFileSync(path.join(out, 'report.html'), kind.reportPage!(session, result));
  const width = Math.max(...Object.keys(result.metrics).map((k) => k.length));
  const lines = [`\n${kind.name}${options.exercise ?? options.exercise_name ? `: ${options.exercise ?? options.exercise_name}` : ''}\n`,
    ...Object.entries(result.metrics).map(([k, v]) => `${k.padEnd(width)}  ${v ?? '—'}`), `\n${asFlags(result.calibration.note)}`,
    `\nWrote ${path.relative(process.cwd(), out) || '.'}/: keypoints.json, result.json${isJson ? '' : ', analyzed.mp4'}, report.html (with the charts)`];
  process.stdout.write(`${lines.join('\n')}\n`);
  return { out, result };
}

/** The output folder, made; one that already holds files is only written into with --force. */
function outputFolder(args: AnalyzeArgs): string {
  const out = path.resolve(args.out ?? `debrief-${path.basename(args.file).replace(/\.[^.]+$/, '')}`);
  if (!args.force && fs.existsSync(out) && fs.readdirSync(out).length) {
    throw new DebriefError(409, 'conflict', 'output_exists', `${path.relative(process.cwd(), out) || out} already holds files: pass --force to overwrite them, or --out another folder.`);
  }
  fs.mkdirSync(out, { recursive: true });
  return out;
}

/** The kinds' option names, said as this command's flags. */
const asFlags = (text: string) => text.replace(/options\.athlete_height_m|athlete_height_m/g, '--height').replace(/options\.exercise(_name)?/g, '--exercise');

/**
 * `debrief analyze`: the server's pipeline run locally on one file, no server or database:
 * video → keypoints → analysis → analysed video and report page, with the rep table printed.
 */
export async function analyzeLocally(args: AnalyzeArgs) {
  if (!fs.existsSync(args.file)) throw new DebriefError(400, 'invalid_request_error', 'file_missing', `No such file: ${args.file}`);
  const kinds = createKindRegistry({ maxFrames: 1_000_000 });
  const kind = kinds.get(args.kind);
  if (SPORTS.has(kind.name)) {
    try {
      const options = sportsOptions(args);
      kinds.checkOptions(kind, options);
      return await analyzeSports(args, kind, options, outputFolder(args));
    } catch (err) {
      if (err instanceof DebriefError) throw new DebriefError(err.status, err.type, err.code, asFlags(err.message), err.param);
      throw err;
    }
  }
  if (kind.name !== 'exercise') throw new DebriefError(400, 'invalid_request_error', 'kind_unsupported', `debrief analyze runs the motion kinds (exercise, jumping, running, weightlifting); got '${args.kind}'.`);
  if (!args.exercise) throw new DebriefError(400, 'invalid_request_error', 'exercise_missing', 'Name the exercise: --exercise Squats (see GET /v1/exercises for the catalogue).');
  const options = { assessments: [args.exercise] };
  kinds.checkOptions(kind, options);
  const spec = kinds.inputFor(kind, args.exercise, options);
  const out = outputFolder(args);

  const isJson = args.file.toLowerCase().endsWith('.json');
  const keypointsJson = await keypointsOf(args.file);
  fs.writeFileSync(path.join(out, 'keypoints.json'), keypointsJson);

  const result = analyzeOrExplain(() => kind.analyze({ [spec.name]: spec.parse(keypointsJson, 'application/json') }, options)) as ExerciseResult;
  fs.writeFileSync(path.join(out, 'result.json'), JSON.stringify(result, null, 2));

  if (!isJson) {
    const { renderAnalyzedVideo } = await import('../video/render.ts');
    const overlay = kind.videoOverlay!(result, spec.name, options);
    await renderAnalyzedVideo(args.file, JSON.parse(keypointsJson.toString('utf8')), overlay, path.join(out, 'analyzed.mp4'), { onProgress: progressBar('Drawing the video') });
  }
  const now = new Date();
  const session = { id: 'local', createdAt: now, kind: kind.name, options, analyzedVideoToken: null } as unknown as SessionRecord;
  fs.writeFileSync(path.join(out, 'report.html'), kind.reportPage!(session, result));

  const a = result.assessments[spec.name];
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
  lines.push(`\nWrote ${path.relative(process.cwd(), out) || '.'}/: keypoints.json, result.json${isJson ? '' : ', analyzed.mp4'}, report.html`);
  process.stdout.write(`${lines.join('\n')}\n`);
  return { out, result };
}
