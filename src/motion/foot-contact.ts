import type { Recording } from './keypoints.ts';
import { percentiles } from './filters.ts';
import { derivative, facingDirection, hasJoint, jointSeries, meanSeries, restingLevel, segmentLength } from './series.ts';

/**
 * When each foot is on the ground, from the foot's own points (toe and heel, or the ankle where a
 * format has no foot points), to a fraction of a frame.
 *
 * The rule, from the foot's mechanics: a point of the foot is down when it is within a tenth of a
 * foot length of the level it rests at, and the foot is down while its toe or its heel is. The toe
 * point sits on the forefoot, above the toes; the toes (about a quarter of the foot's length) stay
 * on the ground while the forefoot rolls up over them at push-off, and touch first on landing, so
 * the forefoot point is about 0.25 · sin 25° ≈ 0.1 foot lengths up at the instant of contact. On
 * the development recordings with force plates (../shared/datasets/sports) this one constant puts
 * takeoff, landing and toe-off within a few milliseconds at 30 to 150 fps; it is in foot lengths,
 * so it holds at any image size.
 */
export const CONTACT_HEIGHT_FOOT_LENGTHS = 0.1;

/** The foot is about 0.6 of the shank long (foot ≈ 0.15, shank ≈ 0.25 of stature): the ankle-only scale. */
const FOOT_PER_SHANK = 0.6;

/** The level a point rests at is read over this much time either side (longer than any human flight, ~1 s). */
const LEVEL_WINDOW_S = 0.6;

/**
 * A running foot in the air swings forward past the hips; on the ground it moves back relative to
 * them. Faster forward than this (foot lengths per second, ~1 m/s) it is swinging, however low.
 */
const SWING_SPEED_FOOT_LENGTHS = 4;

/** A contact this long (ms) shows its own resting level; a shorter one (a landing the clip ends on) takes its surroundings'. */
const OWN_LEVEL_MS = 100;

/** The shortest time a foot is off the ground, ms (as the shortest jump's flight). */
const MIN_GAP_MS = 90;

/** The shortest ground contact kept, ms. */
const MIN_CONTACT_MS = 60;

/** A running foot is planted once it moves back past the hips at this share of its speed on the ground. */
const PLANTED_SHARE = 0.5;

/**
 * A sub-frame timing is only as good as the rule itself: its spread per edge (ms, 1 SD; contact
 * times scatter by ~10 ms MAE at 150 fps on the development recordings, where frames add little),
 * and its bias on a duration, which no mean averages away (the largest mean error there, ~5 ms).
 */
export const RULE_SPREAD_MS = 7;
export const RULE_BIAS_MS = 5;

export interface FootContact {
  /** When the foot reached the ground / left it, ms from the start; null when the clip (or the view) cuts it. */
  startMs: number | null;
  endMs: number | null;
  /** First and last frames on the ground. */
  firstFrame: number;
  lastFrame: number;
  /** One standard deviation of each time, ms: the frame interval, the points' jitter over the foot's speed, the rule. */
  startSdMs: number | null;
  endSdMs: number | null;
  /** The image level of the foot while down (recording units, y down): tells a box from the floor. */
  level: number;
}

export interface FootTrack {
  side: 'left' | 'right';
  /** Height of the foot's lowest point above its resting level, in foot lengths (NaN where unseen). */
  height: Float64Array;
  /** Per frame: 1 while the foot is on the ground. */
  down: Uint8Array;
  contacts: FootContact[];
  /** The foot's length in recording units, and the points' jitter in the same units. */
  footLength: number;
  jitter: number;
  /** Which points time the contacts. */
  points: 'toe and heel' | 'ankle';
}

export interface ContactOptions {
  /** Running: a foot swinging forward past the hips is in the air even when it skims the ground. */
  running?: boolean;
}

/** Each foot's contacts; null for a foot never seen well enough to measure. */
export function footTrack(rec: Recording, side: 'left' | 'right', options: ContactOptions = {}): FootTrack | null {
  const withFoot = hasJoint(rec, `${side}_foot`) && hasJoint(rec, `${side}_heel`);
  const toeY = jointSeries(rec, withFoot ? `${side}_foot` : `${side}_ankle`, 'y');
  const heelY = withFoot ? jointSeries(rec, `${side}_heel`, 'y') : null;
  const footLength = withFoot ? segmentLength(rec, `${side}_heel`, `${side}_foot`) : FOOT_PER_SHANK * segmentLength(rec, `${side}_ankle`, `${side}_knee`);
  if (!(footLength > 0)) return null;

  const jitter = jitterOf(toeY);
  const toeHeight = heightAboveRest(toeY, rec, footLength, jitter);
  const height = heelY ? lowerOf(toeHeight, heightAboveRest(heelY, rec, footLength, jitterOf(heelY))) : toeHeight;
  const speed = options.running ? speedPastHips(rec, side, footLength) : null;
  const swinging = speed ? Uint8Array.from(speed, (v) => (v > SWING_SPEED_FOOT_LENGTHS ? 1 : 0)) : null;
  const n = rec.frameCount;
  const down = new Uint8Array(n);
  for (let i = 0; i < n; i++) down[i] = height[i] <= CONTACT_HEIGHT_FOOT_LENGTHS && !swinging?.[i] ? 1 : 0;

  const frameMs = n > 1 ? (rec.timesMs[n - 1] - rec.timesMs[0]) / (n - 1) : 1000 / rec.fps;
  // One SD of an edge: the frame interval, the jitter over the foot's speed through the contact
  // level (at most a frame: the crossing is bracketed by two frames) and the rule's own spread.
  const sd = (edge: { ms: number; speed: number } | null) => edge === null ? null
    : Math.hypot(frameMs / Math.sqrt(12), Math.min(frameMs, jitter / footLength / edge.speed || 0), RULE_SPREAD_MS);
  const contacts: FootContact[] = [];
  const runs = groundRuns(down, height, rec.timesMs);
  // Each contact's own heights are written here over its stretch, then put back: one copy, not one per contact.
  const work = height.slice();
  for (const [k, [first, last]] of runs.entries()) {
    // This contact's own level where it lasts long enough to show one (a foot is not always set
    // down at the same depth, so its neighbours' level can sit a few pixels off), between the runs
    // before and after it.
    const from = k > 0 ? runs[k - 1][1] + 1 : 0, to = k + 1 < runs.length ? runs[k + 1][0] - 1 : n - 1;
    if (rec.timesMs[last] - rec.timesMs[first] >= OWN_LEVEL_MS) ownHeight(work, from, to, [toeY, heelY], first, last, footLength, jitter);
    const [i, j] = edgesAt(work, first, last, from, to, swinging);
    let start = crossing(work, rec.timesMs, i, -1, swinging);
    if (speed && start) start = planted(speed, rec.timesMs, i, j, start);
    const end = crossing(work, rec.timesMs, j, 1, swinging);
    work.set(height.subarray(from, to + 1), from);
    // Even a sprinter's foot stays down ~90 ms: anything much shorter is a skim through jitter.
    if (start && end && end.ms - start.ms < MIN_CONTACT_MS) continue;
    contacts.push({
      startMs: start?.ms ?? null, endMs: end?.ms ?? null, firstFrame: i, lastFrame: j,
      startSdMs: sd(start), endSdMs: sd(end), level: levelBetween(toeY, down, i, j),
    });
  }
  // On the ground, frame by frame, as the contacts say (their own levels, skims left out).
  const onGround = new Uint8Array(n);
  for (const c of contacts) onGround.fill(1, c.firstFrame, c.lastFrame + 1);
  return { side, height, down: onGround, contacts, footLength, jitter, points: withFoot ? 'toe and heel' : 'ankle' };
}

/**
 * Writes into `out`, over frames from..to, the heights against this contact's own level: for toe
 * and heel each, the median of their samples within three jitters of the lowest while down.
 */
function ownHeight(out: Float64Array, from: number, to: number, points: (Float64Array | null)[], first: number, last: number, footLength: number, jitter: number): void {
  const series = points.filter((y): y is Float64Array => y !== null).map((y) => ({ y, level: restingLevel(y.subarray(first, last + 1), 3 * jitter, 1) }));
  for (let k = from; k <= to; k++) {
    let h = Infinity;
    for (const { y, level } of series) h = Math.min(h, (level - y[k]) / footLength);
    out[k] = h; // NaN where either point is unseen, as in the series it replaces
  }
}

/**
 * The first and last ground frames of a contact on its own level: moved out while still down, in
 * while not. Far below its own level the foot has stepped down off it (a box), not stayed on it;
 * a running foot still swinging forward is not down however low.
 */
function edgesAt(h: Float64Array, first: number, last: number, from: number, to: number, swinging: Uint8Array | null): [number, number] {
  const down = (k: number) => Math.abs(h[k]) <= CONTACT_HEIGHT_FOOT_LENGTHS && !swinging?.[k];
  let i = first, j = last;
  while (i > from && down(i - 1)) i--;
  while (i < j && !down(i)) i++;
  while (j < to && down(j + 1)) j++;
  while (j > i && !down(j)) j--;
  return [i, j];
}

/**
 * Runs of ground frames [first, last], unseen frames bridged. Runs a blip apart are one contact: no
 * foot leaves the ground for less than ~90 ms (a 1 cm hop), so a shorter gap is jitter across the
 * contact level. One sample on the ground alone is jitter too, except at the clip's end, where a
 * landing may be all there is.
 */
function groundRuns(down: Uint8Array, height: Float64Array, timesMs: Float64Array): [number, number][] {
  const n = down.length, runs: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    if (!down[i]) continue;
    let j = i;
    while (j + 1 < n && (down[j + 1] || height[j + 1] !== height[j + 1])) j++;
    while (!down[j]) j--;
    const last = runs[runs.length - 1];
    if (last && timesMs[i] - timesMs[last[1]] < MIN_GAP_MS) last[1] = j;
    else runs.push([i, j]);
    i = j;
  }
  return runs.filter(([i, j]) => j > i || j === n - 1);
}

/**
 * Where the height series crosses the contact level next to a run of ground frames, interpolated
 * between the last frame in the air and the first on the ground. `dir` -1 looks before frame `at`
 * (a landing), +1 after it (a takeoff). Null when the clip or an unseen stretch hides the crossing,
 * or the foot went down off this ground rather than up. Where the neighbour is in the air only
 * because the foot was swinging, the crossing is the end of the swing, between the two frames.
 */
function crossing(h: Float64Array, timesMs: Float64Array, at: number, dir: -1 | 1, swinging: Uint8Array | null): { ms: number; speed: number } | null {
  // A frame or two without the foot (a dropped frame) is bridged; the clip's edge or a longer gap is not.
  let out = at + dir;
  while (out >= 0 && out < h.length && h[out] !== h[out] && Math.abs(out - at) < 3) out += dir;
  if (out < 0 || out >= h.length || h[out] !== h[out]) return null;
  const dtMs = timesMs[out] - timesMs[at];
  const speed = Math.abs(h[out] - h[at]) / Math.abs(dtMs); // foot lengths per ms
  if (swinging?.[out] && Math.abs(h[out]) <= CONTACT_HEIGHT_FOOT_LENGTHS) return { ms: timesMs[at] + dtMs / 2, speed };
  // Lower than the contact (stepping down off a box): the foot did not leave this ground upwards.
  if (!(h[out] > h[at])) return null;
  const share = h[out] === h[at] ? 0.5 : Math.min(1, Math.max(0, (CONTACT_HEIGHT_FOOT_LENGTHS - h[at]) / (h[out] - h[at])));
  return { ms: timesMs[at] + dtMs * share, speed };
}

/**
 * Height above the level the point rests at, in foot lengths. The level is read over ±0.6 s (the
 * point is on the ground for part of any such window, in running and between jumps) every 0.1 s and
 * interpolated, so a sloping floor or a tilted camera is followed and a long recording costs little.
 * It is the median of the window's lowest samples (within three jitters of its 95th percentile), so
 * jitter does not pull the level below the ground (series.ts's restingLevel).
 */
function heightAboveRest(y: Float64Array, rec: Recording, footLength: number, jitter: number): Float64Array {
  const n = y.length, out = new Float64Array(n).fill(NaN);
  const step = Math.max(1, Math.round(rec.fps * 0.1)), half = Math.max(2, Math.round(rec.fps * LEVEL_WINDOW_S));
  const anchors: number[] = [], levels: number[] = [];
  const buffer = new Float64Array(2 * half + 1);
  for (let c = 0; c < n + step - 1; c += step) {
    const centre = Math.min(c, n - 1);
    let m = 0;
    for (let k = Math.max(0, centre - half); k <= Math.min(n - 1, centre + half); k++) if (y[k] === y[k]) buffer[m++] = y[k];
    if (m < 3) continue;
    anchors.push(centre);
    levels.push(restingLevel(buffer.subarray(0, m), 3 * jitter, 0.95));
  }
  if (!anchors.length) return out;
  let a = 0;
  for (let i = 0; i < n; i++) {
    if (y[i] !== y[i]) continue;
    while (a + 1 < anchors.length && anchors[a + 1] <= i) a++;
    const b = Math.min(anchors.length - 1, a + 1);
    const u = anchors[b] === anchors[a] ? 0 : Math.min(1, Math.max(0, (i - anchors[a]) / (anchors[b] - anchors[a])));
    out[i] = (levels[a] + (levels[b] - levels[a]) * u - y[i]) / footLength;
  }
  return out;
}

/**
 * A running foot that comes down while still swinging forward (or hovering through the swing's
 * end) is not yet on the ground: it is once it moves back with the ground, relative to the hips.
 * The landing is the later of the height crossing and the moment the foot's backward speed reaches
 * half its speed in this contact.
 */
function planted(speed: Float64Array, timesMs: Float64Array, first: number, last: number, start: { ms: number; speed: number }) {
  const own: number[] = [];
  for (let k = first; k <= last; k++) if (speed[k] === speed[k]) own.push(speed[k]);
  if (own.length < 3) return start;
  const half = PLANTED_SHARE * percentiles(Float64Array.from(own), [0.5])[0];
  if (!(half < 0)) return start;
  for (let k = first; k <= last; k++) {
    if (!(speed[k] <= half)) continue;
    const prev = k - 1;
    const ms = prev < 0 || speed[prev] !== speed[prev] || speed[prev] === speed[k] ? timesMs[k]
      : timesMs[prev] + (timesMs[k] - timesMs[prev]) * Math.min(1, Math.max(0, (speed[prev] - half) / (speed[prev] - speed[k])));
    return ms > start.ms ? { ms, speed: start.speed } : start;
  }
  return start;
}

/** The foot's forward speed relative to the hips, foot lengths per second. */
function speedPastHips(rec: Recording, side: 'left' | 'right', footLength: number): Float64Array {
  const facing = facingDirection(rec);
  const footX = hasJoint(rec, `${side}_foot`) ? meanSeries(jointSeries(rec, `${side}_foot`, 'x'), jointSeries(rec, `${side}_heel`, 'x')) : jointSeries(rec, `${side}_ankle`, 'x');
  const hipX = meanSeries(jointSeries(rec, 'left_hip', 'x'), jointSeries(rec, 'right_hip', 'x'));
  const relative = footX.map((x, i) => (x - hipX[i]) * facing);
  // Over ±30 ms, so that the points' jitter at a high frame rate does not read as speed.
  const speed = derivative(relative, rec.timesMs, Math.max(1, Math.round(0.03 * rec.fps)));
  return speed.map((v) => v / footLength);
}

/** The points' jitter (recording units): the spread of second differences, which a smooth motion barely has. */
function jitterOf(y: Float64Array): number {
  const d: number[] = [];
  for (let i = 1; i + 1 < y.length; i++) {
    const v = y[i - 1] - 2 * y[i] + y[i + 1];
    if (v === v) d.push(Math.abs(v));
  }
  // For white noise of SD s, a second difference has SD s·√6; the median of |N(0,1)| is 0.674.
  return d.length ? percentiles(Float64Array.from(d), [0.5])[0] / 0.674 / Math.sqrt(6) : 0;
}

function levelBetween(y: Float64Array, down: Uint8Array, from: number, to: number): number {
  const v: number[] = [];
  for (let i = from; i <= to; i++) if (down[i] && y[i] === y[i]) v.push(y[i]);
  return v.length ? percentiles(Float64Array.from(v), [0.5])[0] : NaN;
}

/** The lower of toe and heel; unknown where either is unseen (a raised heel alone cannot say the toe is up). */
function lowerOf(toe: Float64Array, heel: Float64Array): Float64Array {
  return toe.map((t, i) => Math.min(t, heel[i]));
}
