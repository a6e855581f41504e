// Jumping and running against force plates, and bar speed against optical markers, on the real
// development recordings in ../shared/datasets/sports (see its README): drop jumps at 100 and 30
// fps, treadmill running at 150, 60 and 30 fps, each also with 1.5 px of jitter on every point, and
// 16 people's back squats. Each clip goes through the keypoints parser and the kind's analysis.
//   npm run eval:sports-real [-- --worst N]
// Prints per set and frame rate the errors the sports issue sets bars on, then the worst clips and
// contacts, and exits non-zero when a bar is missed.
import fs from 'node:fs';
import zlib from 'node:zlib';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { parseRecording } from '../src/motion/keypoints.ts';
import { analyzeJumps } from '../src/kinds/jumping/analyze.ts';
import { analyzeRunning, type Step } from '../src/kinds/running/analyze.ts';
import { AnalysisFailed } from '../src/analysis-errors.ts';
import { seeded } from './body.ts';
import { evaluateBarSpeed, type BarFigures } from './bar-speed.ts';

export const DATASET = fileURLToPath(new URL('../../shared/datasets/sports/', import.meta.url));
const G = 9.81;
export const JITTER_PX = 1.5;

export type Doc = { format: string; fps: number; width: number; height: number; frames: (number[][] | null)[] };
export const readDoc = (path: string): Doc => JSON.parse(zlib.gunzipSync(fs.readFileSync(path)).toString('utf8'));

/** The same recording with Gaussian jitter of `sd` px on every seen point (seeded: runs compare). */
export function jittered(doc: Doc, sd: number, seed: number): Doc {
  const rand = seeded(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  return { ...doc, frames: doc.frames.map((f) => f === null ? null : f.map((p) => (p[3] > 0 ? [p[0] + sd * normal(), p[1] + sd * normal(), ...p.slice(2)] : p))) };
}

const parse = (doc: Doc) => parseRecording(doc, { maxFrames: 1e6 });
const mae = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + Math.abs(x), 0) / xs.length : NaN);

// ---------- drop jumps ----------

export interface JumpCase { clip: string; fps: number; jitter: boolean; found: number; flightErrMs: number; heightErrCm: number; contactErrMs: number; flightSdMs: number | null; failure?: string }

export function evaluateDropJumps(dir = DATASET): JumpCase[] {
  const lines = fs.readFileSync(`${dir}/dropjump/labels.csv`, 'utf8').trim().split('\n');
  const header = lines[0].split(',');
  const col = (row: string[], name: string) => Number(row[header.indexOf(name)]);
  const out: JumpCase[] = [];
  for (const line of lines.slice(1)) {
    const row = line.split(',');
    const clip = row[0];
    for (const variant of ['native100', '30fps']) {
      const doc = readDoc(`${dir}/dropjump/${clip}_${variant}.json.gz`);
      for (const jitter of [false, true]) {
        const base = { clip, fps: doc.fps, jitter };
        try {
          const r = analyzeJumps(parse(jitter ? jittered(doc, JITTER_PX, clip.length * 1000 + doc.fps) : doc), { exercise: 'Drop Jump' });
          const j = r.jumps[0];
          const flight = col(row, 'flight_time_s');
          out.push({
            ...base, found: r.jumps.length,
            flightErrMs: (j.flight_time_s - flight) * 1000,
            heightErrCm: (j.jump_height_m - (G * flight * flight) / 8) * 100,
            contactErrMs: j.contact_time_s === null ? NaN : (j.contact_time_s - col(row, 'contact_time_s')) * 1000,
            flightSdMs: j.uncertainty.flight_time_s === null ? null : j.uncertainty.flight_time_s * 1000,
          });
        } catch (err) {
          if (!(err instanceof AnalysisFailed)) throw err;
          out.push({ ...base, found: 0, flightErrMs: NaN, heightErrCm: NaN, contactErrMs: NaN, flightSdMs: null, failure: err.code });
        }
      }
    }
  }
  return out;
}

// ---------- running ----------

interface TruthContact { side: 'left' | 'right'; start_s: number; end_s: number; ground_contact_time_s: number; flight_time_after_s: number }
interface RunTruth { cadence_spm: number; mean_ground_contact_time_s: number; mean_flight_time_s: number; athlete_height_m: number; speed_mps: number; contacts: TruthContact[] }

export interface RunCase {
  clip: string; fps: number; jitter: boolean; truthContacts: number; found: number; extra: number;
  cadenceErrSpm: number; meanContactErrMs: number; contactMaeMs: number; meanFlightErrMs: number;
  /** Share of contacts whose contact time is within two of its stated SDs of the truth. */
  withinTwoSd: number;
  worst: { side: string; start_s: number; errMs: number }[]; failure?: string;
}

export function evaluateRunning(dir = DATASET): RunCase[] {
  const truth: RunTruth = JSON.parse(fs.readFileSync(`${dir}/running/truth.json`, 'utf8'));
  const out: RunCase[] = [];
  for (const file of fs.readdirSync(`${dir}/running`).filter((f) => f.endsWith('.json.gz')).sort()) {
    const doc = readDoc(`${dir}/running/${file}`);
    for (const jitter of [false, true]) {
      const clip = file.replace('.json.gz', '');
      try {
        const r = analyzeRunning(parse(jitter ? jittered(doc, JITTER_PX, 17 + doc.fps) : doc), { athlete_height_m: truth.athlete_height_m, speed_mps: truth.speed_mps });
        out.push({ clip, fps: doc.fps, jitter, ...scoreRun(r.steps, truth), cadenceErrSpm: Number(r.metrics.cadence_spm) - truth.cadence_spm,
          meanContactErrMs: (Number(r.metrics.mean_ground_contact_time_s) - truth.mean_ground_contact_time_s) * 1000,
          meanFlightErrMs: (Number(r.metrics.mean_flight_time_s) - truth.mean_flight_time_s) * 1000 });
      } catch (err) {
        if (!(err instanceof AnalysisFailed)) throw err;
        out.push({ clip, fps: doc.fps, jitter, truthContacts: truth.contacts.length, found: 0, extra: 0, cadenceErrSpm: NaN, meanContactErrMs: NaN, contactMaeMs: NaN, meanFlightErrMs: NaN, withinTwoSd: NaN, worst: [], failure: err.code });
      }
    }
  }
  return out;
}

/** Each true contact matched to the step of its side that overlaps it most; steps matching none are extra. */
function scoreRun(steps: Step[], truth: RunTruth) {
  const used = new Set<Step>();
  const errors: { side: string; start_s: number; errMs: number }[] = [];
  let covered = 0;
  for (const c of truth.contacts) {
    // A step without a contact time (not measurable) counts by where it starts.
    const overlap = (s: Step) => Math.min(c.end_s, s.contact_start_s + (s.ground_contact_time_s ?? 0.001)) - Math.max(c.start_s, s.contact_start_s);
    const best = steps.filter((s) => s.side === c.side && !used.has(s) && overlap(s) > 0).sort((a, b) => overlap(b) - overlap(a))[0];
    if (!best) continue;
    used.add(best);
    const sd = best.uncertainty.ground_contact_time_s, err = ((best.ground_contact_time_s ?? NaN) - c.ground_contact_time_s) * 1000;
    if (sd !== null && Math.abs(err) <= 2000 * sd) covered++;
    errors.push({ side: c.side, start_s: c.start_s, errMs: err });
  }
  return {
    truthContacts: truth.contacts.length, found: errors.length, extra: steps.length - used.size,
    contactMaeMs: mae(errors.map((e) => e.errMs)), withinTwoSd: errors.length ? covered / errors.length : NaN,
    worst: [...errors].sort((a, b) => Math.abs(b.errMs) - Math.abs(a.errMs)),
  };
}

// ---------- bars ----------

/** The sports issue's bars on these recordings; the jittered copies get 1.5× each error bar. */
export function barsMissed(jumps: JumpCase[], runs: RunCase[], bar?: BarFigures): string[] {
  const missed: string[] = [];
  for (const jitter of [false, true]) {
    const k = jitter ? 1.5 : 1;
    for (const [fps, flight, height, contact] of [[100, 10, 1.2, 15], [30, 20, 2.5, 30]]) {
      const set = jumps.filter((j) => j.fps === fps && j.jitter === jitter);
      const tag = `drop jumps ${fps} fps${jitter ? ' jittered' : ''}`;
      if (set.some((j) => j.found !== 1)) missed.push(`${tag}: ${set.filter((j) => j.found !== 1).length} clips without exactly one jump`);
      const f = mae(set.map((j) => j.flightErrMs)), h = mae(set.map((j) => j.heightErrCm)), c = mae(set.map((j) => j.contactErrMs));
      if (!(f <= k * flight)) missed.push(`${tag}: flight MAE ${f.toFixed(1)} ms > ${k * flight}`);
      if (!(h <= k * height)) missed.push(`${tag}: height MAE ${h.toFixed(2)} cm > ${k * height}`);
      if (!(c <= k * contact)) missed.push(`${tag}: contact MAE ${c.toFixed(1)} ms > ${k * contact}`);
    }
    for (const r of runs.filter((x) => x.jitter === jitter)) {
      const tag = `running ${r.fps} fps${jitter ? ' jittered' : ''}`;
      const high = r.fps >= 60;
      if (r.found < r.truthContacts) missed.push(`${tag}: ${r.truthContacts - r.found} contacts missed`);
      if (r.extra > 0) missed.push(`${tag}: ${r.extra} extra contacts`);
      if (!(Math.abs(r.cadenceErrSpm) <= 1.5)) missed.push(`${tag}: cadence off by ${r.cadenceErrSpm.toFixed(2)} spm`);
      if (!(Math.abs(r.meanContactErrMs) <= k * (high ? 10 : 20))) missed.push(`${tag}: mean contact time off by ${r.meanContactErrMs.toFixed(1)} ms`);
      if (!(r.contactMaeMs <= k * (high ? 15 : 25))) missed.push(`${tag}: per-contact MAE ${r.contactMaeMs.toFixed(1)} ms`);
      if (high && !(Math.abs(r.meanFlightErrMs) <= k * 10)) missed.push(`${tag}: mean flight time off by ${r.meanFlightErrMs.toFixed(1)} ms`);
    }
  }
  if (bar && !(bar.meanVelocityMae <= 0.05)) missed.push(`bar mean concentric velocity MAE ${bar.meanVelocityMae.toFixed(3)} m/s > 0.05`);
  return missed;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { worst: { type: 'string', default: '5' } } });
  const worstN = Number(values.worst);
  const started = performance.now();
  const jumps = evaluateDropJumps(), runs = evaluateRunning(), bar = evaluateBarSpeed();
  const n = (v: number, d = 1) => (Number.isFinite(v) ? v.toFixed(d) : '—');
  console.log(`Sports against force plates and markers (${DATASET})\n`);
  console.log('Drop jumps (3 clips, truth: force plates, 20 N)');
  console.log('fps | jitter | one jump found | flight MAE ms (bias) | height MAE cm | contact MAE ms (bias) | flight SD stated ms (errors within 2 SD)');
  for (const fps of [100, 30]) for (const jitter of [false, true]) {
    const set = jumps.filter((j) => j.fps === fps && j.jitter === jitter);
    const bias = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    console.log([fps, jitter ? `${JITTER_PX} px` : '—', `${set.filter((j) => j.found === 1).length}/${set.length}`,
      `${n(mae(set.map((j) => j.flightErrMs)))} (${n(bias(set.map((j) => j.flightErrMs)), 1)})`, n(mae(set.map((j) => j.heightErrCm)), 2),
      `${n(mae(set.map((j) => j.contactErrMs)))} (${n(bias(set.map((j) => j.contactErrMs)), 1)})`,
      `${n(bias(set.map((j) => j.flightSdMs ?? NaN)))} (${set.filter((j) => j.flightSdMs !== null && Math.abs(j.flightErrMs) <= 2 * j.flightSdMs).length}/${set.length})`].join(' | '));
  }
  console.log('\nWorst drop jumps (flight error):');
  for (const j of [...jumps].sort((a, b) => Math.abs(b.flightErrMs) - Math.abs(a.flightErrMs)).slice(0, worstN)) {
    console.log(`  ${j.clip} ${j.fps} fps${j.jitter ? ' jittered' : ''}: flight ${n(j.flightErrMs)} ms, contact ${n(j.contactErrMs)} ms${j.failure ? ` (${j.failure})` : ''}`);
  }
  console.log('\nTreadmill running (RBDS001, 38 contacts, truth: instrumented treadmill, 20 N)');
  console.log('clip | jitter | contacts found (extra) | cadence err spm | mean GCT err ms | per-contact GCT MAE ms | within 2 stated SD | mean flight err ms');
  for (const r of runs) {
    console.log([r.clip, r.jitter ? `${JITTER_PX} px` : '—', `${r.found}/${r.truthContacts} (${r.extra})`, n(r.cadenceErrSpm, 2), n(r.meanContactErrMs), n(r.contactMaeMs), `${n(r.withinTwoSd * 100, 0)} %`, n(r.meanFlightErrMs)].join(' | ') + (r.failure ? ` (${r.failure})` : ''));
  }
  console.log('\nWorst running contacts (contact time error):');
  for (const r of runs.filter((x) => !x.jitter)) {
    console.log(`  ${r.clip}: ${r.worst.slice(0, worstN).map((w) => `${w.side} @${w.start_s.toFixed(2)} s ${n(w.errMs)} ms`).join(', ')}`);
  }
  console.log(`\nBar speed (back squats, ${bar.people} people, ${bar.reps} reps matched of ${bar.markerReps} by the markers; wrists' midpoint from OpenPose at 30 fps vs optical markers at 100 Hz)`);
  console.log(`mean concentric velocity MAE ${n(bar.meanVelocityMae, 3)} m/s (bias ${n(bar.meanVelocityBias, 3)}), peak concentric velocity MAE ${n(bar.peakVelocityMae, 3)} m/s (bias ${n(bar.peakVelocityBias, 3)})`);
  console.log(`worst people (mean velocity MAE): ${bar.worst.slice(0, worstN).map((w) => `${w.person} ${n(w.mae, 3)} m/s`).join(', ')}`);
  console.log(`\n${((performance.now() - started) / 1000).toFixed(1)} s`);
  const missed = barsMissed(jumps, runs, bar);
  if (missed.length) { console.error(`\nBars missed:\n  ${missed.join('\n  ')}`); process.exit(1); }
  console.log('All bars met.');
}
