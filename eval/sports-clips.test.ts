import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { DATASET, jittered, readDoc, type Doc } from './sports-real.ts';
import { parseRecording } from '../src/motion/keypoints.ts';
import { analyzeJumps } from '../src/kinds/jumping/analyze.ts';
import { analyzeRunning } from '../src/kinds/running/analyze.ts';
import { AnalysisFailed } from '../src/analysis-errors.ts';
import { sessionDocument, type DocumentHead } from '../src/kinds/sports/document.ts';
import { jumpingBody } from '../src/kinds/jumping/report-page.ts';
import { runningBody } from '../src/kinds/running/report-page.ts';

// Clips as they come, cut from the real recordings with force-plate truth: a clip that ends at the
// landing or starts in the air, a runner who enters and leaves the view, a runner too small in the
// frame for the pose's jitter. Each either keeps its figures or says why it has none.
const parse = (doc: Doc) => parseRecording(doc, { maxFrames: 1e6 });
const dropJump = readDoc(`${DATASET}/dropjump/S4_DJ1_30fps.json.gz`);
const TAKEOFF_S = 2.1671, LANDING_S = 2.5618, CONTACT_S = 0.7564;
const running = readDoc(`${DATASET}/running/RBDS001_T25_60fps.json.gz`);
const truth = JSON.parse(fs.readFileSync(`${DATASET}/running/truth.json`, 'utf8'));

describe('sports clips as they come', () => {
  it('times a drop jump whose clip ends at the landing frame, or starts during the drop from the box', () => {
    const landing = Math.ceil(LANDING_S * dropJump.fps), inDrop = Math.round(1.3 * dropJump.fps);
    const clips = [{ frames: dropJump.frames.slice(0, landing + 1), offset: 0 }, { frames: dropJump.frames.slice(inDrop), offset: inDrop / dropJump.fps }];
    for (const { frames, offset } of clips) {
      const [jump] = analyzeJumps(parse({ ...dropJump, frames }), { exercise: 'Drop Jump' }).jumps;
      assert.ok(Math.abs(jump.flight_time_s - (LANDING_S - TAKEOFF_S)) < 0.02, `flight ${jump.flight_time_s}`);
      assert.ok(Math.abs(jump.contact_time_s! - CONTACT_S) < 0.03, `contact ${jump.contact_time_s}`);
      assert.ok(Math.abs(jump.takeoff_time_s + offset - TAKEOFF_S) < 0.02, `takeoff ${jump.takeoff_time_s}`);
    }
  });

  it('finds no jump in a clip that starts in the air: the takeoff was never seen', () => {
    const frames = dropJump.frames.slice(Math.round(2.35 * dropJump.fps));
    assert.throws(() => analyzeJumps(parse({ ...dropJump, frames }), { exercise: 'Drop Jump' }), (e) => e instanceof AnalysisFailed && e.code === 'no_jump_detected');
  });

  it('times only whole contacts of a runner who enters the view late and leaves early', () => {
    const [from, to] = [2, 12].map((s) => s * running.fps);
    const r = analyzeRunning(parse({ ...running, frames: running.frames.map((f, i) => (i < from || i > to ? null : f)) }), { athlete_height_m: 1.81 });
    const inside = truth.contacts.filter((c: { start_s: number; end_s: number }) => c.start_s * running.fps > from && c.end_s * running.fps < to);
    assert.ok(r.steps.length <= inside.length && r.steps.length >= inside.length - 1, `${r.steps.length} steps, ${inside.length} whole contacts in view`);
    assert.ok(Math.abs(Number(r.metrics.cadence_spm) - truth.cadence_spm) < 1.5);
    assert.ok(Math.abs(Number(r.metrics.mean_ground_contact_time_s) - truth.mean_ground_contact_time_s) < 0.01);
  });

  it('gives no contact times, with a warning, for feet too small for their jitter; never made-up steps', () => {
    const shrink = (doc: Doc, s: number): Doc => ({ ...doc, frames: doc.frames.map((f) => f === null ? null : f.map((p) => [960 + (p[0] - 960) * s, 540 + (p[1] - 540) * s, ...p.slice(2)])) });
    const tiny = analyzeRunning(parse(jittered(shrink(running, 0.2), 1.5, 4)), {});
    assert.deepEqual(tiny.warnings.map((w) => w.code), ['feet_too_small']);
    assert.equal(tiny.steps.length, 0);
    assert.equal(tiny.metrics.mean_ground_contact_time_s, null);
    assert.equal(tiny.metrics.cadence_spm, null);
    // Clean points on the same small runner are still timed: the limit is the jitter, not the size.
    const clean = analyzeRunning(parse(shrink(running, 0.2)), {});
    assert.equal(clean.steps.length, truth.contacts.length);
    assert.ok(Math.abs(Number(clean.metrics.mean_ground_contact_time_s) - truth.mean_ground_contact_time_s) < 0.01);
  });

  it('times nothing from ankles alone (coco17): a jump is refused, a run keeps its steps and cadence without contact times', () => {
    const COCO = [0, 2, 5, 7, 8, 11, 12, 13, 14, 15, 16, 23, 24, 25, 26, 27, 28];
    const coco = (doc: Doc): Doc => ({ ...doc, format: 'coco17', frames: doc.frames.map((f) => f === null ? null : COCO.map((i) => f[i])) });
    assert.throws(() => analyzeJumps(parse(coco(dropJump)), { exercise: 'Drop Jump' }), (e) => e instanceof AnalysisFailed && e.code === 'feet_without_toes');
    const r = analyzeRunning(parse(coco(running)), {});
    assert.deepEqual(r.warnings.map((w) => w.code), ['feet_without_toes']);
    assert.equal(r.steps.length, truth.contacts.length);
    assert.ok(Math.abs(Number(r.metrics.cadence_spm) - truth.cadence_spm) < 1.5);
    assert.equal(r.metrics.mean_ground_contact_time_s, null);
    assert.equal(r.metrics.mean_flight_time_s, null);
    assert.ok(r.steps.every((s) => s.ground_contact_time_s === null && s.uncertainty.ground_contact_time_s === null));
  });

  it('says how exact each figure is: a 30 fps clip warns and carries wider uncertainties than 60 fps', () => {
    const slow = analyzeRunning(parse(readDoc(`${DATASET}/running/RBDS001_T25_30fps.json.gz`)), {});
    const fast = analyzeRunning(parse(running), {});
    assert.deepEqual(slow.warnings.map((w) => w.code), ['frame_rate_low']);
    assert.deepEqual(fast.warnings, []);
    const sd = (r: typeof slow) => r.steps.reduce((s, x) => s + x.uncertainty.ground_contact_time_s!, 0) / r.steps.length;
    assert.ok(sd(slow) > sd(fast) && sd(fast) > 0.005 && sd(slow) < 0.03, `per-contact SD ${sd(fast)} at 60 fps, ${sd(slow)} at 30 fps`);
  });

  it('reads results stored before uncertainties and warnings existed: the document and report pages do not fail', () => {
    const head: DocumentHead = { session_id: 's', title: 't', activity: 'running', user_name: null, analyzed_video_url: null, video_url: null, created_at: { date: '12/08/2026', time: '06:00 AM' } };
    // As jumping-1 and running-1 stored them: no uncertainty anywhere, no warnings.
    const jumps = analyzeJumps(parse(dropJump), { exercise: 'Drop Jump' }) as Partial<ReturnType<typeof analyzeJumps>>;
    const run = analyzeRunning(parse(running), {}) as Partial<ReturnType<typeof analyzeRunning>>;
    for (const r of [jumps, run]) { delete r.metrics_uncertainty; delete r.warnings; }
    for (const j of jumps.jumps!) delete (j as Partial<typeof j>).uncertainty;
    for (const st of run.steps!) delete (st as Partial<typeof st>).uncertainty;
    const doc = sessionDocument(head, run as ReturnType<typeof analyzeRunning>, { steps: run.steps });
    assert.deepEqual([doc.metrics_uncertainty, doc.warnings], [{}, []]);
    assert.ok(jumpingBody(jumps as ReturnType<typeof analyzeJumps>).includes(`<td class="num">${Number(jumps.jumps![0].flight_time_s.toFixed(3))}</td>`));
    assert.match(runningBody(run as ReturnType<typeof analyzeRunning>), /mean ground contact/);
    assert.doesNotMatch(jumpingBody(jumps as ReturnType<typeof analyzeJumps>), /±/);
  });
});
