import { decodeFrames } from './decode.ts';
import { cropInput, estimate, fullFrameCrop, INPUT, loadMoveNet, nextCrop, type Keypoints } from './movenet.ts';
import { probeVideo, type VideoInfo } from './probe.ts';
import { OneEuro } from './one-euro.ts';

/** The keypoints input format of the motion kinds (COCO-17, pixels, per-frame timestamps). */
export interface KeypointsDoc {
  format: 'coco17'; width: number; height: number; timestamps: number[];
  frames: ([number, number, number, number][] | null)[];
}

export interface ExtractOptions { onProgress?(done: number, total: number | null): void; signal?: AbortSignal }

/** Longest side frames are decoded at: enough for a 192-pixel crop of a person, light to move. */
const DECODE_SIDE = 640;

/** Video file → pose keypoints for every frame, with the video's own timing. */
export async function extractKeypoints(path: string, opts: ExtractOptions = {}): Promise<{ doc: KeypointsDoc; info: VideoInfo; personFrames: number }> {
  const info = await probeVideo(path);
  const scale = Math.min(1, DECODE_SIDE / Math.max(info.width, info.height));
  // Even dimensions keep every decoder and encoder happy.
  const w = Math.max(2, Math.round((info.width * scale) / 2) * 2), h = Math.max(2, Math.round((info.height * scale) / 2) * 2);
  const back = info.width / w;
  const model = await loadMoveNet();
  const input = new Int32Array(INPUT * INPUT * 3);
  const frames: KeypointsDoc['frames'] = [];
  const timestamps: number[] = [];
  let crop = fullFrameCrop(w, h);
  let personFrames = 0;
  // Temporal smoothing per joint and axis; reset when the person is lost.
  const filters = Array.from({ length: 34 }, () => new OneEuro());
  for await (const frame of decodeFrames(path, w, h, opts.signal)) {
    let points: Keypoints = await estimate(model, cropInput(frame.rgb, w, h, crop, input), crop);
    // A lost track is retried on the whole frame before the frame is given up.
    let confident = points.filter((p) => p[2] > 0.3).length;
    if (confident < 5 && crop.size !== fullFrameCrop(w, h).size) {
      crop = fullFrameCrop(w, h);
      points = await estimate(model, cropInput(frame.rgb, w, h, crop, input), crop);
      confident = points.filter((p) => p[2] > 0.3).length;
    }
    crop = nextCrop(points, w, h);
    const t = Math.round(frame.timeMs * 1000) / 1000;
    timestamps.push(timestamps.length && t <= timestamps[timestamps.length - 1] ? timestamps[timestamps.length - 1] + 0.001 : t);
    if (confident < 5) {
      frames.push(null);
      for (const f of filters) f.reset();
    } else {
      personFrames++;
      const seconds = timestamps[timestamps.length - 1] / 1000;
      frames.push(points.map(([x, y, s], k) => [
        round(filters[k * 2].filter(x * back, seconds)), round(filters[k * 2 + 1].filter(y * back, seconds)), 0, round(s * 1000) / 1000,
      ]));
    }
    opts.onProgress?.(frames.length, info.frames);
  }
  // Stopped part-way (shutdown): never hand back a partial recording as if it were whole.
  if (opts.signal?.aborted) throw new Error('keypoint extraction was stopped');
  return { doc: { format: 'coco17', width: info.width, height: info.height, timestamps, frames }, info, personFrames };
}

const round = (v: number) => Math.round(v * 10) / 10;
