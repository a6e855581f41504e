import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { loadGraphModel, type GraphModel } from '@tensorflow/tfjs-converter';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

/** MoveNet's input size (Lightning). */
export const INPUT = 192;
/** COCO-17 points: [x, y, score] in source pixels. */
export type Keypoints = [number, number, number][];
/** A square crop in source pixels; it may extend past the frame (the outside reads as black). */
export interface Crop { x: number; y: number; size: number }

const require = createRequire(import.meta.url);

/** The folder of the package a resolved entry file belongs to (its exports hide package.json). */
function packageRoot(entry: string): string {
  let dir = path.dirname(entry);
  while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return dir;
}
let loaded: Promise<GraphModel> | null = null;

/**
 * MoveNet Lightning on TensorFlow.js's WebAssembly backend, weights read from the
 * @vladmandic/human npm package on disk: nothing is fetched at run time.
 */
export function loadMoveNet(): Promise<GraphModel> {
  loaded ??= (async () => {
    setWasmPaths(`${path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'))}/`);
    await tf.setBackend('wasm');
    await tf.ready();
    const dir = path.join(packageRoot(require.resolve('@vladmandic/human')), 'models');
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'movenet-lightning.json'), 'utf8'));
    const bin = fs.readFileSync(path.join(dir, 'movenet-lightning.bin'));
    return loadGraphModel(tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest.flatMap((m: { weights: unknown[] }) => m.weights),
      weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength),
    }));
  })();
  return loaded;
}

/** Bilinear crop-and-resize of an RGB frame into MoveNet's int32 input (outside the frame reads black). */
export function cropInput(rgb: Buffer, width: number, height: number, crop: Crop, out = new Int32Array(INPUT * INPUT * 3)): Int32Array {
  const step = crop.size / INPUT;
  const row = width * 3;
  for (let oy = 0; oy < INPUT; oy++) {
    const sy = crop.y + (oy + 0.5) * step - 0.5;
    const y0 = Math.floor(sy), fy = sy - y0;
    const y0in = y0 >= 0 && y0 < height, y1in = y0 + 1 >= 0 && y0 + 1 < height;
    for (let ox = 0; ox < INPUT; ox++) {
      const sx = crop.x + (ox + 0.5) * step - 0.5;
      const x0 = Math.floor(sx), fx = sx - x0;
      const x0in = x0 >= 0 && x0 < width, x1in = x0 + 1 >= 0 && x0 + 1 < width;
      const w00 = y0in && x0in ? (1 - fx) * (1 - fy) : 0, w01 = y0in && x1in ? fx * (1 - fy) : 0;
      const w10 = y1in && x0in ? (1 - fx) * fy : 0, w11 = y1in && x1in ? fx * fy : 0;
      const p00 = y0 * row + x0 * 3, p10 = p00 + row;
      const o = (oy * INPUT + ox) * 3;
      for (let c = 0; c < 3; c++) {
        out[o + c] = Math.round(
          (w00 ? rgb[p00 + c] * w00 : 0) + (w01 ? rgb[p00 + 3 + c] * w01 : 0) +
          (w10 ? rgb[p10 + c] * w10 : 0) + (w11 ? rgb[p10 + 3 + c] * w11 : 0));
      }
    }
  }
  return out;
}

/** Runs the model on one crop; keypoints come back in source pixels. */
export async function estimate(model: GraphModel, input: Int32Array, crop: Crop): Promise<Keypoints> {
  const tensor = tf.tensor4d(input, [1, INPUT, INPUT, 3], 'int32');
  const result = model.execute(tensor) as tf.Tensor;
  const data = await result.data();
  tensor.dispose();
  result.dispose();
  const points: Keypoints = [];
  for (let i = 0; i < 17; i++) {
    // MoveNet answers [y, x, score] in 0–1 of the crop.
    points.push([crop.x + data[i * 3 + 1] * crop.size, crop.y + data[i * 3] * crop.size, data[i * 3 + 2]]);
  }
  return points;
}

/** The whole frame, padded to a square (MoveNet's starting crop and its fallback). */
export const fullFrameCrop = (width: number, height: number): Crop => {
  const size = Math.max(width, height);
  return { x: (width - size) / 2, y: (height - size) / 2, size };
};

const TORSO = [5, 6, 11, 12];
const MIN_SCORE = 0.2;

/**
 * The crop for the next frame, following the body as MoveNet's authors describe: centred on the
 * hips (or shoulders), large enough for 1.9× the torso and 1.2× the whole body, else the full frame.
 */
export function nextCrop(points: Keypoints, width: number, height: number): Crop {
  const seen = (i: number) => points[i][2] > MIN_SCORE;
  const torsoSeen = (seen(11) || seen(12)) && (seen(5) || seen(6));
  if (!torsoSeen) return fullFrameCrop(width, height);
  const hips = [11, 12].filter(seen);
  const anchor = hips.length ? hips : [5, 6].filter(seen);
  const cx = anchor.reduce((s, i) => s + points[i][0], 0) / anchor.length;
  const cy = anchor.reduce((s, i) => s + points[i][1], 0) / anchor.length;
  let torso = 0, body = 0;
  for (const i of TORSO) if (seen(i)) torso = Math.max(torso, Math.abs(points[i][0] - cx), Math.abs(points[i][1] - cy));
  for (let i = 0; i < 17; i++) if (seen(i)) body = Math.max(body, Math.abs(points[i][0] - cx), Math.abs(points[i][1] - cy));
  let half = Math.max(torso * 1.9, body * 1.2);
  const full = fullFrameCrop(width, height);
  if (half * 2 >= full.size || half < 16) return full;
  half = Math.min(half, Math.max(cx, width - cx, cy, height - cy));
  return { x: cx - half, y: cy - half, size: half * 2 };
}
