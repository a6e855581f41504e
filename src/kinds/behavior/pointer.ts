import type { BehaviorEvent } from './events.ts';
import { POINTER_MODEL } from './pointer-model.ts';

type Move = BehaviorEvent & { k: 'move' };

/**
 * How a session's pointer moved, as rates and strengths that do not grow with the session's
 * length (a ten-minute visit of a person has far more of everything than a bot's minute):
 * - `straight_runs_per_1000`: runs of five or more equal steps along a ruler-straight line, per
 *   thousand moves. People make a few (horizontal swipes at a constant y); scripts moving "in
 *   steps" make them all the time. Real traffic: people 2–8, straight-line bots 8–74, curve bots 11–29.
 * - `interval_cv`: how much the time between consecutive moves of one stroke varies (coefficient
 *   of variation). A hand on a real mouse gives uneven intervals (people 0.57–0.70); injected moves
 *   come at a machine's pace (bots 0.09–0.40).
 * - `end_speed_ratio`: per stroke, the speed over its last fifth against its peak, the median over
 *   strokes. Hands slow down onto a target (people 0.16–0.21); scripts arrive at full speed (bots 0.39–0.59).
 * Figures: the Iliou et al. development set (`npm run eval:iliou`).
 */
export interface PointerEvidence {
  moves: number;
  strokes: number;
  straight_runs: number;
  straight_runs_per_1000: number;
  longest_straight_steps: number;
  interval_cv: number;
  end_speed_ratio: number;
}

/** Below this much movement, rates mean little: the checks' own rules decide, not the model. */
export const MIN_MOVES = 300, MIN_STROKES = 8;

/** A stroke ends at a pause of more than 150 ms or a button press. */
const PAUSE_MS = 150;

export interface Run { at: number; px: number; steps: number }

/**
 * Runs of at least five equal steps along one line (within 1° and 10 % in length): what a script
 * moving the pointer "in steps" produces.
 */
export function straightRuns(moves: Move[]): Run[] {
  const runs: Run[] = [];
  let start = 0, steps = 0, px = 0;
  const close = () => { if (steps >= 5 && px >= 60) runs.push({ at: moves[start].t, px, steps }); };
  for (let i = 2; i < moves.length; i++) {
    const ax = moves[i - 1].x - moves[i - 2].x, ay = moves[i - 1].y - moves[i - 2].y, bx = moves[i].x - moves[i - 1].x, by = moves[i].y - moves[i - 1].y;
    const la = Math.hypot(ax, ay), lb = Math.hypot(bx, by);
    const same = la > 0.5 && lb > 0.5 && moves[i].t - moves[i - 1].t < PAUSE_MS && Math.abs(la - lb) <= 0.1 * la && (ax * bx + ay * by) / (la * lb) > 0.99985;
    if (same) {
      if (!steps) { start = i - 2; steps = 1; px = la; }
      steps++; px += lb;
    } else { close(); steps = 0; }
  }
  close();
  return runs;
}

/** Strokes of at least six moves: pauses and button presses split them. */
export function strokesOf(moves: Move[], presses: number[]): Move[][] {
  const out: Move[][] = [];
  let current: Move[] = [];
  let d = 0;
  for (const m of moves) {
    const prev = current[current.length - 1];
    let pressed = false;
    for (; d < presses.length && presses[d] <= m.t; d++) if (prev && presses[d] > prev.t) pressed = true;
    if (prev && (m.t - prev.t > PAUSE_MS || pressed)) { if (current.length >= 6) out.push(current); current = []; }
    current.push(m);
  }
  if (current.length >= 6) out.push(current);
  return out;
}

/** The speed over a stroke's last fifth against its peak; null for a stroke under 60 px. */
export function endSpeedRatio(s: Move[]): number | null {
  let length = 0, peak = 0;
  const speeds: number[] = [];
  for (let i = 1; i < s.length; i++) {
    const d = Math.hypot(s[i].x - s[i - 1].x, s[i].y - s[i - 1].y);
    length += d;
    const v = d / Math.max(1, s[i].t - s[i - 1].t);
    speeds.push(v);
    if (v > peak) peak = v;
  }
  if (length < 60 || peak <= 0) return null;
  const tail = speeds.slice(Math.floor(speeds.length * 0.8));
  return tail.reduce((a, v) => a + v, 0) / tail.length / peak;
}

const median = (xs: number[]) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
};

/** The pointer's strokes, straight runs and each stroke's end-speed ratio, with the evidence drawn from them: computed once, read by the checks and the score. */
export interface PointerAnalysis { evidence: PointerEvidence; strokes: Move[][]; runs: Run[]; endRatios: { stroke: Move[]; ratio: number }[] }

export function pointerEvidence(moves: Move[], presses: number[]): PointerEvidence {
  return analysePointer(moves, presses).evidence;
}

export function analysePointer(moves: Move[], presses: number[]): PointerAnalysis {
  const strokes = strokesOf(moves, presses);
  const intervals: number[] = [];
  for (let i = 1; i < moves.length; i++) {
    const dt = moves[i].t - moves[i - 1].t;
    if (dt > 0 && dt <= PAUSE_MS) intervals.push(dt);
  }
  let mean = 0;
  for (const dt of intervals) mean += dt;
  mean /= intervals.length || 1;
  let variance = 0;
  for (const dt of intervals) variance += (dt - mean) ** 2;
  variance /= intervals.length || 1;
  const runs = straightRuns(moves);
  const endRatios = strokes.map((stroke) => ({ stroke, ratio: endSpeedRatio(stroke) })).filter((x): x is { stroke: Move[]; ratio: number } => x.ratio !== null);
  const ratios = endRatios.map((x) => x.ratio);
  const round = (v: number, d = 3) => (Number.isFinite(v) ? Math.round(v * 10 ** d) / 10 ** d : NaN);
  const evidence: PointerEvidence = {
    moves: moves.length,
    strokes: strokes.length,
    straight_runs: runs.length,
    straight_runs_per_1000: round((runs.length / (moves.length || 1)) * 1000, 2),
    longest_straight_steps: runs.reduce((m, r) => Math.max(m, r.steps), 0),
    interval_cv: round(mean > 0 ? Math.sqrt(variance) / mean : NaN),
    end_speed_ratio: round(median(ratios)),
  };
  return { evidence, strokes, runs, endRatios };
}

/** Enough movement for the rates to mean something. */
export const judgeable = (e: PointerEvidence) => e.moves >= MIN_MOVES && e.strokes >= MIN_STROKES && Number.isFinite(e.interval_cv) && Number.isFinite(e.end_speed_ratio);

/** The model's inputs: each evidence on the scale it was fitted on. */
export function modelInputs(e: PointerEvidence): number[] {
  return [Math.log1p(e.straight_runs_per_1000), e.interval_cv, e.end_speed_ratio];
}

/** The chance, from the pointer alone, that a script moved it: the logistic model in pointer-model.ts. */
export function pointerBotProbability(e: PointerEvidence): number {
  const x = modelInputs(e);
  let z = POINTER_MODEL.bias;
  x.forEach((v, i) => { z += POINTER_MODEL.weights[i] * ((v - POINTER_MODEL.mean[i]) / POINTER_MODEL.scale[i]); });
  return 1 / (1 + Math.exp(-z));
}
