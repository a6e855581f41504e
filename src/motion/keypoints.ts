import { InputInvalid } from '../kinds/kind.ts';

export type PoseFormat = 'blazepose33' | 'coco17';
export const POINT_COUNT: Record<PoseFormat, number> = { blazepose33: 33, coco17: 17 };

/** A point as [x, y, z, score]; x and y normalised to 0–1 of the frame (y down). */
export type Point = [number, number, number, number];
export type Frame = Point[] | null;

/** A keypoint recording: frames at known times, normalised coordinates, aspect kept. */
export interface Recording {
  format: PoseFormat;
  /** Milliseconds from the first frame, strictly increasing. */
  timesMs: number[];
  frames: Frame[];
  /** width / height of the source frame, so angles use undistorted geometry. */
  aspect: number;
  fps: number;
}

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
  if (!(format in POINT_COUNT)) throw new InputInvalid(`format must be 'blazepose33' or 'coco17', got ${JSON.stringify(d.format)}`);
  const frames = d.frames;
  if (!Array.isArray(frames)) throw new InputInvalid('frames must be an array of frames');
  if (frames.length === 0) throw new InputInvalid('frames is empty: a recording needs at least one frame');
  if (frames.length > limits.maxFrames) throw new InputInvalid(`frames has ${frames.length} frames; the limit is ${limits.maxFrames}`, 'input_too_many_frames');

  const hasW = d.width !== undefined, hasH = d.height !== undefined;
  if (hasW !== hasH) throw new InputInvalid('give both width and height (pixel coordinates) or neither (0–1 coordinates)');
  let width = 1, height = 1;
  if (hasW) {
    if (!isNum(d.width) || d.width <= 0) throw new InputInvalid('width must be a positive number of pixels');
    if (!isNum(d.height) || d.height <= 0) throw new InputInvalid('height must be a positive number of pixels');
    width = d.width; height = d.height;
  }

  let timesMs: number[];
  let fps: number;
  if (d.timestamps !== undefined) {
    if (!Array.isArray(d.timestamps) || d.timestamps.length !== frames.length) {
      throw new InputInvalid(`timestamps must be an array with one time in ms per frame (${frames.length})`);
    }
    timesMs = [];
    for (let i = 0; i < d.timestamps.length; i++) {
      const t = d.timestamps[i];
      if (!isNum(t)) throw new InputInvalid(`timestamps[${i}] is not a finite number`);
      if (i > 0 && t <= timesMs[i - 1]) {
        throw new InputInvalid(`timestamps must increase: timestamps[${i}] = ${t} is not after timestamps[${i - 1}] = ${d.timestamps[i - 1]}`);
      }
      timesMs.push(t);
    }
    const t0 = timesMs[0];
    timesMs = timesMs.map((t) => t - t0);
    const span = timesMs[timesMs.length - 1];
    fps = span > 0 ? ((timesMs.length - 1) * 1000) / span : 30;
  } else {
    if (!isNum(d.fps) || d.fps <= 0 || d.fps > 1000) throw new InputInvalid('fps must be a number between 0 and 1000 (or give timestamps)');
    fps = d.fps;
    timesMs = frames.map((_, i) => (i * 1000) / fps);
  }

  const count = POINT_COUNT[format];
  const out: Frame[] = new Array(frames.length);
  for (let f = 0; f < frames.length; f++) {
    const frame = frames[f];
    if (frame === null) { out[f] = null; continue; }
    if (!Array.isArray(frame)) throw new InputInvalid(`frames[${f}] must be an array of points or null`);
    if (frame.length !== count) throw new InputInvalid(`frames[${f}] has ${frame.length} points; ${format} has ${count}`);
    const points: Point[] = new Array(count);
    for (let p = 0; p < count; p++) {
      const pt = frame[p];
      if (!Array.isArray(pt) || pt.length < 2 || pt.length > 4) throw new InputInvalid(`frames[${f}][${p}] must be [x, y, z?, score?]`);
      for (let k = 0; k < pt.length; k++) {
        if (!isNum(pt[k])) throw new InputInvalid(`frames[${f}][${p}][${k}] is not a finite number (NaN, Infinity and null are not allowed)`);
      }
      const score = pt.length === 4 ? pt[3] : 1;
      points[p] = [pt[0] / width, pt[1] / height, pt.length >= 3 ? pt[2] / width : 0, score];
    }
    out[f] = points;
  }
  return { format, timesMs, frames: out, aspect: width / height, fps };
}
