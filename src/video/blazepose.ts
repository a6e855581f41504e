import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs-core';
import { loadGraphModel, type GraphModel } from '@tensorflow/tfjs-converter';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

/**
 * BlazePose (MediaPipe's pose landmark pipeline) on TensorFlow.js's WebAssembly backend, as the
 * TF.js pose-detection package runs it: a person detector finds the hips' centre, the body's
 * scale and its rotation; a rotated square around the body is cut out and the landmark model
 * gives 33 landmarks with depth and visibility, refined on its heatmaps, plus metric "world"
 * landmarks. The next frame is cut out around two auxiliary landmarks of this one, so the
 * detector runs only when the track is lost.
 */

/** `accurate`: BlazePose full (the default); `fast`: BlazePose lite. */
export type PoseModel = 'accurate' | 'fast';
export const POSE_MODELS: Record<PoseModel, { file: string; version: string }> = {
  accurate: { file: 'blazepose-full', version: 'blazepose-full@human-models-3.0.4' },
  fast: { file: 'blazepose-lite', version: 'blazepose-lite@human-models-3.0.4' },
};

/** One frame's pose: 33 landmarks [x, y, z, visibility] in source pixels (z on x's scale), and 33 world landmarks [x, y, z] in metres. */
export interface PoseFrame { landmarks: Float32Array; world: Float32Array; score: number }

/** A rotated rectangle in pixels: centre, size, rotation in radians (clockwise in the image). */
export interface Roi { cx: number; cy: number; w: number; h: number; rotation: number }

const DETECTOR_SIZE = 224, LANDMARK_SIZE = 256, HEATMAP_SIZE = 64;
const LANDMARKS = 39, KEYPOINTS = 33;
const MIN_DETECTION = 0.5, MIN_PRESENCE = 0.5;
/** The margin the landmark model was trained with around the body. */
const ROI_SCALE = 1.25;
const HEATMAP_KERNEL = 7, MIN_HEATMAP = 0.5;

const MODEL_DIR = fileURLToPath(new URL('../../models/blazepose/', import.meta.url));

/** The weights on disk (unpacked by `scripts/models.mjs` at install), with a clear error when they are not there. */
async function loadModel(file: string): Promise<GraphModel> {
  const json = path.join(MODEL_DIR, `${file}.json`), bin = path.join(MODEL_DIR, `${file}.bin`);
  if (!fs.existsSync(json) || !fs.existsSync(bin)) throw new Error(`pose model ${file} is missing from ${MODEL_DIR}: run npm install (it unpacks the weights)`);
  const topology = JSON.parse(fs.readFileSync(json, 'utf8'));
  const weights = fs.readFileSync(bin);
  return loadGraphModel(tf.io.fromMemory({
    modelTopology: topology.modelTopology,
    signature: topology.signature,
    format: topology.format,
    weightSpecs: topology.weightsManifest.flatMap((m: { weights: unknown[] }) => m.weights),
    weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
  }));
}

let backend: Promise<void> | null = null;
/** The WebAssembly backend, once per thread. */
export function initBackend(): Promise<void> {
  backend ??= (async () => {
    const require = createRequire(import.meta.url);
    setWasmPaths(`${path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'))}/`);
    await tf.setBackend('wasm');
    await tf.ready();
  })();
  return backend;
}

export interface BlazePoseModels { detector: GraphModel; landmarks: GraphModel; model: PoseModel }

export async function loadBlazePose(model: PoseModel): Promise<BlazePoseModels> {
  await initBackend();
  const [detector, landmarks] = await Promise.all([loadModel('blazepose-detector'), loadModel(POSE_MODELS[model].file)]);
  return { detector, landmarks, model };
}

/** The detector's 2254 anchors: SSD layout over strides 8, 16, 32, 32, 32 with two anchors per cell, all of unit size. */
const ANCHORS: Float32Array = (() => {
  const strides = [8, 16, 32, 32, 32];
  const out: number[] = [];
  let layer = 0;
  while (layer < strides.length) {
    let last = layer, perCell = 0;
    while (last < strides.length && strides[last] === strides[layer]) { perCell += 2; last++; }
    const cells = Math.ceil(DETECTOR_SIZE / strides[layer]);
    for (let y = 0; y < cells; y++) for (let x = 0; x < cells; x++) for (let a = 0; a < perCell; a++) out.push((x + 0.5) / cells, (y + 0.5) / cells);
    layer = last;
  }
  return Float32Array.from(out);
})();

const normalizeRadians = (a: number) => a - 2 * Math.PI * Math.floor((a + Math.PI) / (2 * Math.PI));

/** The square crop around a body given its centre and a point on its scale circle, rotated so the body points up. */
export function roiFromAlignment(cx: number, cy: number, sx: number, sy: number): Roi {
  const size = Math.hypot(sx - cx, sy - cy) * 2 * ROI_SCALE;
  const rotation = normalizeRadians(Math.PI / 2 - Math.atan2(-(sy - cy), sx - cx));
  return { cx, cy, w: size, h: size, rotation };
}

/**
 * Samples a rotated rectangle of the frame into a size×size float tensor (bilinear, black outside),
 * with values mapped from 0–255 to [lo, hi]. The rectangle is first padded to a square, as the
 * models expect; the padding (share of each side) comes back so points can be mapped out of it.
 */
export function warp(rgb: Uint8Array, width: number, height: number, roi: Roi, size: number, lo: number, hi: number, out = new Float32Array(size * size * 3)) {
  const side = Math.max(roi.w, roi.h);
  const padX = (1 - roi.w / side) / 2, padY = (1 - roi.h / side) / 2;
  const cos = Math.cos(roi.rotation), sin = Math.sin(roi.rotation);
  const scale = (hi - lo) / 255, step = side / size;
  const row = width * 3;
  for (let v = 0; v < size; v++) {
    const dy = (v + 0.5) * step - side / 2;
    for (let u = 0; u < size; u++) {
      const dx = (u + 0.5) * step - side / 2;
      const sx = roi.cx + cos * dx - sin * dy - 0.5, sy = roi.cy + sin * dx + cos * dy - 0.5;
      const x0 = Math.floor(sx), y0 = Math.floor(sy), fx = sx - x0, fy = sy - y0;
      const o = (v * size + u) * 3;
      for (let c = 0; c < 3; c++) {
        let acc = 0;
        if (y0 >= 0 && y0 < height) {
          const base = y0 * row + c;
          if (x0 >= 0 && x0 < width) acc += rgb[base + x0 * 3] * (1 - fx) * (1 - fy);
          if (x0 + 1 >= 0 && x0 + 1 < width) acc += rgb[base + x0 * 3 + 3] * fx * (1 - fy);
        }
        if (y0 + 1 >= 0 && y0 + 1 < height) {
          const base = (y0 + 1) * row + c;
          if (x0 >= 0 && x0 < width) acc += rgb[base + x0 * 3] * (1 - fx) * fy;
          if (x0 + 1 >= 0 && x0 + 1 < width) acc += rgb[base + x0 * 3 + 3] * fx * fy;
        }
        out[o + c] = lo + acc * scale;
      }
    }
  }
  return { tensor: out, padX, padY };
}

/** A point (u, v) in 0–1 of a warped crop, back in frame pixels. */
function unwarp(roi: Roi, padX: number, padY: number, u: number, v: number): [number, number] {
  const side = Math.max(roi.w, roi.h);
  const dx = ((u - padX) / (1 - 2 * padX) - 0.5) * (side * (1 - 2 * padX)), dy = ((v - padY) / (1 - 2 * padY) - 0.5) * (side * (1 - 2 * padY));
  const cos = Math.cos(roi.rotation), sin = Math.sin(roi.rotation);
  return [roi.cx + cos * dx - sin * dy, roi.cy + sin * dx + cos * dy];
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** Runs the person detector on the whole frame; the best person's crop, or null. */
export async function detectPerson(m: BlazePoseModels, rgb: Uint8Array, width: number, height: number): Promise<Roi | null> {
  const whole: Roi = { cx: width / 2, cy: height / 2, w: width, h: height, rotation: 0 };
  const { tensor, padX, padY } = warp(rgb, width, height, whole, DETECTOR_SIZE, -1, 1);
  const input = tf.tensor4d(tensor, [1, DETECTOR_SIZE, DETECTOR_SIZE, 3]);
  const output = m.detector.execute(input) as tf.Tensor;
  const raw = (await output.data()) as Float32Array;
  input.dispose(); output.dispose();
  // Each anchor: a logit, then the box (x, y, w, h) and four keypoints (x, y), in detector pixels.
  let best = -1, bestScore = MIN_DETECTION;
  for (let i = 0; i < ANCHORS.length / 2; i++) {
    const score = sigmoid(Math.max(-100, Math.min(100, raw[i * 13])));
    if (score > bestScore) { bestScore = score; best = i; }
  }
  if (best < 0) return null;
  const o = best * 13, ax = ANCHORS[best * 2], ay = ANCHORS[best * 2 + 1];
  // Keypoint 0 is the hips' centre, keypoint 1 a point on the circle that holds the body.
  const point = (k: number) => unwarp(whole, padX, padY, raw[o + 5 + k * 2] / DETECTOR_SIZE + ax, raw[o + 6 + k * 2] / DETECTOR_SIZE + ay);
  const [cx, cy] = point(0), [sx, sy] = point(1);
  return roiFromAlignment(cx, cy, sx, sy);
}

/** Runs the landmark model on one crop: the pose, and the crop for the next frame; null when no person is in it. */
export async function landmarksIn(m: BlazePoseModels, rgb: Uint8Array, width: number, height: number, roi: Roi): Promise<{ pose: PoseFrame; next: Roi } | null> {
  const { tensor } = warp(rgb, width, height, roi, LANDMARK_SIZE, 0, 1);
  const input = tf.tensor4d(tensor, [1, LANDMARK_SIZE, LANDMARK_SIZE, 3]);
  const outputs = m.landmarks.execute(input, ['ld_3d', 'output_poseflag', 'activation_heatmap', 'world_3d']) as tf.Tensor[];
  const [ld, flag, heatmap, world] = await Promise.all(outputs.map((t) => t.data() as Promise<Float32Array>));
  input.dispose();
  for (const t of outputs) t.dispose();
  const score = flag[0];
  if (!(score >= MIN_PRESENCE)) return null;

  const landmarks = new Float32Array(KEYPOINTS * 4);
  const aux: [number, number][] = [];
  const cos = Math.cos(roi.rotation), sin = Math.sin(roi.rotation);
  for (let i = 0; i < LANDMARKS; i++) {
    let u = ld[i * 5] / LANDMARK_SIZE, v = ld[i * 5 + 1] / LANDMARK_SIZE;
    [u, v] = refineOnHeatmap(heatmap, i, u, v);
    const [x, y] = unwarp(roi, 0, 0, u, v);
    if (i >= KEYPOINTS) { aux.push([x, y]); continue; }
    landmarks[i * 4] = x;
    landmarks[i * 4 + 1] = y;
    landmarks[i * 4 + 2] = (ld[i * 5 + 2] / LANDMARK_SIZE) * roi.w;
    landmarks[i * 4 + 3] = sigmoid(ld[i * 5 + 3]);
  }
  // World landmarks are in metres around the hips, in the crop's frame: turned back by its rotation.
  const worldOut = new Float32Array(KEYPOINTS * 3);
  for (let i = 0; i < KEYPOINTS; i++) {
    const x = world[i * 3], y = world[i * 3 + 1];
    worldOut[i * 3] = cos * x - sin * y;
    worldOut[i * 3 + 1] = sin * x + cos * y;
    worldOut[i * 3 + 2] = world[i * 3 + 2];
  }
  return { pose: { landmarks, world: worldOut, score }, next: roiFromAlignment(aux[0][0], aux[0][1], aux[1][0], aux[1][1]) };
}

/** The heatmap's weighted centre in a 7×7 window around the regressed point, where the heatmap is confident. */
function refineOnHeatmap(heatmap: Float32Array, channel: number, u: number, v: number): [number, number] {
  const col = Math.trunc(u * HEATMAP_SIZE), row = Math.trunc(v * HEATMAP_SIZE);
  if (col < 0 || col >= HEATMAP_SIZE || row < 0 || row >= HEATMAP_SIZE) return [u, v];
  const half = (HEATMAP_KERNEL - 1) >> 1;
  let sum = 0, wc = 0, wr = 0, max = 0;
  for (let r = Math.max(0, row - half); r < Math.min(HEATMAP_SIZE, row + half + 1); r++) {
    for (let c = Math.max(0, col - half); c < Math.min(HEATMAP_SIZE, col + half + 1); c++) {
      const conf = heatmap[(r * HEATMAP_SIZE + c) * LANDMARKS + channel];
      sum += conf; wc += c * conf; wr += r * conf;
      if (conf > max) max = conf;
    }
  }
  return max >= MIN_HEATMAP && sum > 0 ? [wc / HEATMAP_SIZE / sum, wr / HEATMAP_SIZE / sum] : [u, v];
}

/** Follows one person through consecutive frames: the detector runs only when the track is lost. */
export function poseTracker(m: BlazePoseModels) {
  let roi: Roi | null = null;
  return {
    async next(rgb: Uint8Array, width: number, height: number): Promise<PoseFrame | null> {
      // A lost track is looked for again in the same frame before the frame is given up.
      for (let attempt = 0; attempt < 2; attempt++) {
        const tracked = roi !== null;
        roi ??= await detectPerson(m, rgb, width, height);
        if (!roi) return null;
        const found = await landmarksIn(m, rgb, width, height, roi);
        if (found) { roi = found.next; return found.pose; }
        roi = null;
        if (!tracked) return null;
      }
      return null;
    },
    reset() { roi = null; },
  };
}
