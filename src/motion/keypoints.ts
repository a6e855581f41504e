import { InputInvalid } from '../analysis-errors.ts';
import { jointDepth } from './depth.ts';
import { dropImpossiblePoints } from './impossible-points.ts';
import { JsonArrayView } from './json-scan.ts';

export { POINT_COUNT, type PoseFormat, type Recording } from './recording.ts';
import { POINT_COUNT, type PoseFormat, type Recording } from './recording.ts';

export interface ParseLimits { maxFrames: number }

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * Reads the keypoints JSON documented for motion inputs:
 * `{format, fps | timestamps, width?, height?, frames: [[[x, y, z?, score?], …] | null, …]}`.
 * Every problem is reported with where it is, so a client can fix its encoder.
 */
export function parseRecording(doc: unknown, limits: ParseLimits): Recording {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new InputInvalid('expected a JSON object with format, fps and frames');
  const d = doc as Record<string, unknown>;
  const format = d.format as PoseFormat;
  if (typeof format !== 'string' || !Object.hasOwn(POINT_COUNT, format)) throw new InputInvalid(`format must be 'blazepose33' or 'coco17', got ${JSON.stringify(d.format)}`);
  const frames = d.frames;
  if (!Array.isArray(frames) && !(frames instanceof JsonArrayView)) throw new InputInvalid('frames must be an array of frames');
  if (frames.length === 0) throw new InputInvalid('frames is empty: a recording needs at least one frame');
  if (frames.length > limits.maxFrames) throw new InputInvalid(`frames has ${frames.length} frames; the limit is ${limits.maxFrames}`, 'input_too_many_frames');

  const hasW = d.width !== undefined, hasH = d.height !== undefined;
  if (hasW !== hasH) throw new InputInvalid('give both width and height (pixel coordinates) or neither (0–1 coordinates)');
  // Without width and height, 0–1 coordinates are taken as they are (square frame assumed).
  let height = 1;
  if (hasW) {
    if (!isNum(d.width) || d.width <= 0) throw new InputInvalid('width must be a positive number of pixels');
    if (!isNum(d.height) || d.height <= 0) throw new InputInvalid('height must be a positive number of pixels');
    height = d.height;
  }

  const n = frames.length;
  const timesMs = new Float64Array(n);
  let fps: number;
  if (d.timestamps !== undefined) {
    const ts = d.timestamps;
    if (!Array.isArray(ts) || ts.length !== n) throw new InputInvalid(`timestamps must be an array with one time in ms per frame (${n})`);
    for (let i = 0; i < n; i++) {
      if (!isNum(ts[i])) throw new InputInvalid(`timestamps[${i}] is not a finite number`);
      if (i > 0 && ts[i] <= ts[i - 1]) throw new InputInvalid(`timestamps must increase: timestamps[${i}] = ${ts[i]} is not after timestamps[${i - 1}] = ${ts[i - 1]}`);
      timesMs[i] = ts[i] - ts[0];
    }
    fps = n > 1 ? ((n - 1) * 1000) / timesMs[n - 1] : 30;
  } else {
    if (!isNum(d.fps) || d.fps <= 0 || d.fps > 1000) throw new InputInvalid('fps must be a number between 0 and 1000 (or give timestamps)');
    fps = d.fps;
    for (let i = 0; i < n; i++) timesMs[i] = (i * 1000) / fps;
  }

  const count = POINT_COUNT[format];
  const data = new Float64Array(n * count * 4);
  const seen = new Uint8Array(n);
  let hasDepth = false;
  for (let f = 0; f < n; f++) {
    const frame = frames.at(f);
    if (frame === null) continue;
    if (!Array.isArray(frame)) throw new InputInvalid(`frames[${f}] must be an array of points or null`);
    if (frame.length !== count) throw new InputInvalid(`frames[${f}] has ${frame.length} points; ${format} has ${count}`);
    seen[f] = 1;
    for (let p = 0; p < count; p++) {
      const pt = frame[p];
      if (!Array.isArray(pt) || pt.length < 2 || pt.length > 4) throw new InputInvalid(`frames[${f}][${p}] must be [x, y, z?, score?]`);
      for (let k = 0; k < pt.length; k++) {
        if (!isNum(pt[k])) throw new InputInvalid(`frames[${f}][${p}][${k}] is not a finite number (NaN, Infinity and null are not allowed)`);
      }
      const o = (f * count + p) * 4;
      data[o] = pt[0] / height;
      data[o + 1] = pt[1] / height;
      if (pt.length >= 3 && pt[2] !== 0) { data[o + 2] = pt[2] / height; hasDepth = true; }
      data[o + 3] = pt.length === 4 ? pt[3] : 1;
    }
  }
  const world = d.world === undefined ? null : parseWorld(d.world, n, count, seen);
  const m = d.model as { name?: unknown; version?: unknown } | undefined;
  // Kept only when well formed: it is copied into results.
  const poseModel = m && typeof m === 'object' && typeof m.name === 'string' && typeof m.version === 'string' && m.name.length <= 40 && m.version.length <= 100
    ? { name: m.name, version: m.version } : null;
  const rec: Recording = { format, pointCount: count, frameCount: n, data, timesMs, fps, hasDepth: hasDepth || world !== null, seen, sourceScale: height, world, joints3d: null, poseModel };
  dropImpossiblePoints(rec);
  rec.joints3d = jointDepth(rec, world);
  return rec;
}

/**
 * World landmarks, as MediaPipe gives them: `world: [[[x, y, z] …] | null, …]` in metres, one
 * entry per frame; null where no person was found (a frame with a person but no world entry is
 * allowed: its angles come from the image).
 */
function parseWorld(world: unknown, n: number, count: number, seen: Uint8Array): Float64Array {
  if ((!Array.isArray(world) && !(world instanceof JsonArrayView)) || world.length !== n) throw new InputInvalid(`world must be an array with one entry per frame (${n}): [[x, y, z] × ${count}] in metres, or null`);
  const out = new Float64Array(n * count * 3);
  for (let f = 0; f < n; f++) {
    const frame = world.at(f);
    if (frame === null) continue;
    if (!Array.isArray(frame) || frame.length !== count) throw new InputInvalid(`world[${f}] must be ${count} points [x, y, z] or null`);
    if (!seen[f]) continue;
    for (let p = 0; p < count; p++) {
      const pt = frame[p];
      if (!Array.isArray(pt) || pt.length < 3 || pt.length > 4) throw new InputInvalid(`world[${f}][${p}] must be [x, y, z] in metres`);
      for (let k = 0; k < 3; k++) {
        if (!isNum(pt[k]) || Math.abs(pt[k]) > 100) throw new InputInvalid(`world[${f}][${p}][${k}] must be a finite number of metres (within ±100)`);
        out[(f * count + p) * 3 + k] = pt[k];
      }
    }
  }
  return out;
}

/** Every `step`-th frame of a recording (its own frame i is the source's frame i·step). */
export function everyNthFrame(rec: Recording, step: number): Recording {
  if (step <= 1) return rec;
  const n = Math.ceil(rec.frameCount / step), width = rec.pointCount * 4;
  const data = new Float64Array(n * width), timesMs = new Float64Array(n), seen = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    data.set(rec.data.subarray(i * step * width, (i * step + 1) * width), i * width);
    timesMs[i] = rec.timesMs[i * step];
    seen[i] = rec.seen[i * step];
  }
  const pick = (src: Float64Array | null, w: number) => {
    if (!src) return null;
    const out = new Float64Array(n * w);
    for (let i = 0; i < n; i++) out.set(src.subarray(i * step * w, (i * step + 1) * w), i * w);
    return out;
  };
  return { ...rec, frameCount: n, data, timesMs, seen, fps: rec.fps / step, world: pick(rec.world, rec.pointCount * 3), joints3d: pick(rec.joints3d, width) };
}
