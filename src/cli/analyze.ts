import fs from 'node:fs';
import path from 'node:path';
import { createKindRegistry } from '../kinds/registry.ts';
import { DebriefError } from '../errors.ts';
import { AnalysisFailed, InputInvalid } from '../analysis-errors.ts';

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
 * `debrief analyze`: the server's pipeline run locally on one file, no server or database, for any
 * kind that says how (kind.cli): video → keypoints → analysis → analysed video and report page,
 * with the kind's summary printed.
 */
export async function analyzeLocally(args: AnalyzeArgs) {
  if (!fs.existsSync(args.file)) throw new DebriefError(400, 'invalid_request_error', 'file_missing', `No such file: ${args.file}`);
  const kinds = createKindRegistry({ maxFrames: 1_000_000 });
  const kind = kinds.get(args.kind);
  const cli = kind.cli;
  if (!cli) {
    const offered = kinds.all().filter((k) => k.cli).map((k) => k.name);
    throw new DebriefError(400, 'invalid_request_error', 'kind_unsupported', `debrief analyze runs the motion kinds (${offered.join(', ')}); got '${args.kind}'.`);
  }
  try {
    const options = cli.options({ exercise: args.exercise, athleteHeightM: args.athleteHeightM });
    kinds.checkOptions(kind, options);
    const isJson = args.file.toLowerCase().endsWith('.json');
    const spec = kinds.inputFor(kind, cli.input(options, !isJson), options);
    const out = outputFolder(args);
    const keypointsJson = await keypointsOf(args.file);
    fs.writeFileSync(path.join(out, 'keypoints.json'), keypointsJson);
    const result = analyzeOrExplain(() => kind.analyze({ [spec.name]: spec.parse(keypointsJson, 'application/json') }, options));
    fs.writeFileSync(path.join(out, 'result.json'), JSON.stringify(result, null, 2));
    if (!isJson) {
      const { renderAnalyzedVideo } = await import('../video/render.ts');
      const overlay = kind.videoOverlay?.(result, spec.name, options) ?? (() => []);
      await renderAnalyzedVideo(args.file, JSON.parse(keypointsJson.toString('utf8')), overlay, path.join(out, 'analyzed.mp4'), { onProgress: progressBar('Drawing the video') });
    }
    const page = kind.reportPage?.({ id: 'local', externalId: null, createdAt: new Date(), analyzedVideoToken: null, options }, result);
    if (page) fs.writeFileSync(path.join(out, 'report.html'), page);
    const written = ['keypoints.json', 'result.json', ...(isJson ? [] : ['analyzed.mp4']), ...(page ? ['report.html'] : [])];
    const lines = [...cli.summary(result, options), `\nWrote ${path.relative(process.cwd(), out) || '.'}/: ${written.join(', ')}`];
    process.stdout.write(`${asFlags(lines.join('\n'))}\n`);
    return { out, result };
  } catch (err) {
    if (err instanceof DebriefError) throw new DebriefError(err.status, err.type, err.code, asFlags(err.message), err.param);
    throw err;
  }
}
