import { decodeFrames } from './decode.ts';
import { POSE_MODELS, type PoseFrame, type PoseModel } from './blazepose.ts';
import { posePool } from './pose-pool.ts';
import { probeVideo, type VideoInfo } from './probe.ts';
import { OneEuro } from './one-euro.ts';

/**
 * The keypoints input format of the motion kinds, as a video gives it: BlazePose's 33 landmarks
 * [x, y, z, visibility] in source pixels (z on x's scale, towards the camera negative), and its
 * world landmarks [x, y, z] in metres around the hips, with each frame's own time.
 */
export interface KeypointsDoc {
  format: 'blazepose33'; width: number; height: number; timestamps: number[];
  frames: ([number, number, number, number][] | null)[];
  world: ([number, number, number][] | null)[];
  /** The pose model and its version: results from different models differ. */
  model: { name: PoseModel; version: string };
}

export interface ExtractOptions { model?: PoseModel; onProgress?(done: number, total: number | null): void; signal?: AbortSignal }

/** Longest side frames are decoded at: a person fills most of a 256-pixel crop of it, and frames stay light to pass to threads. */
const DECODE_SIDE = 640;
/** Frames per run handed to a thread: each run starts with the person detector, then tracks. */
const RUN_SECONDS = 2;

/** Video file → pose keypoints for every frame, with the video's own timing. */
export async function extractKeypoints(path: string, opts: ExtractOptions = {}): Promise<{ doc: KeypointsDoc; info: VideoInfo; personFrames: number }> {
  const model = opts.model ?? 'accurate';
  const info = await probeVideo(path);
  const scale = Math.min(1, DECODE_SIDE / Math.max(info.width, info.height));
  // Even dimensions keep every decoder and encoder happy.
  const w = Math.max(2, Math.round((info.width * scale) / 2) * 2), h = Math.max(2, Math.round((info.height * scale) / 2) * 2);
  const back = info.width / w;
  const pool = posePool(model);
  const runLength = Math.max(16, Math.min(120, Math.round((info.fps || 30) * RUN_SECONDS)));

  const frames: KeypointsDoc['frames'] = [];
  const world: KeypointsDoc['world'] = [];
  const timestamps: number[] = [];
  let personFrames = 0;
  // Temporal smoothing per landmark and axis (pixels, then metres); reset when the person is lost.
  const pixels = Array.from({ length: 33 * 3 }, () => new OneEuro());
  const metres = Array.from({ length: 33 * 3 }, () => new OneEuro(2.5, 2, 2.5));
  const collect = (poses: (PoseFrame | null)[], times: number[]) => {
    poses.forEach((pose, i) => {
      const t = Math.round(times[i] * 1000) / 1000;
      timestamps.push(timestamps.length && t <= timestamps[timestamps.length - 1] ? timestamps[timestamps.length - 1] + 0.001 : t);
      if (!pose) {
        frames.push(null);
        world.push(null);
        for (const f of [...pixels, ...metres]) f.reset();
        return;
      }
      personFrames++;
      const seconds = timestamps[timestamps.length - 1] / 1000;
      const p = pose.landmarks, q = pose.world;
      frames.push(Array.from({ length: 33 }, (_, k) => [
        round(pixels[k * 3].filter(p[k * 4] * back, seconds), 10), round(pixels[k * 3 + 1].filter(p[k * 4 + 1] * back, seconds), 10),
        round(pixels[k * 3 + 2].filter(p[k * 4 + 2] * back, seconds), 10), round(p[k * 4 + 3], 1000),
      ]));
      world.push(Array.from({ length: 33 }, (_, k) => [
        round(metres[k * 3].filter(q[k * 3], seconds), 10000), round(metres[k * 3 + 1].filter(q[k * 3 + 1], seconds), 10000),
        round(metres[k * 3 + 2].filter(q[k * 3 + 2], seconds), 10000),
      ]));
    });
    opts.onProgress?.(frames.length, info.frames);
  };

  // Runs are estimated in parallel and collected in order; a few at most wait, so memory stays bounded.
  const inFlight: { result: Promise<(PoseFrame | null)[]>; times: number[] }[] = [];
  let run: ArrayBuffer[] = [], times: number[] = [];
  const submit = () => {
    if (!run.length) return;
    const result = pool.estimate(w, h, run);
    // Awaited in order below; if an earlier run fails first, this one's failure is not left unhandled.
    result.catch(() => {});
    inFlight.push({ result, times });
    run = []; times = [];
  };
  for await (const frame of decodeFrames(path, w, h, opts.signal)) {
    const rgb = frame.rgb;
    run.push(rgb.byteOffset === 0 && rgb.byteLength === rgb.buffer.byteLength ? rgb.buffer as ArrayBuffer : rgb.buffer.slice(rgb.byteOffset, rgb.byteOffset + rgb.byteLength) as ArrayBuffer);
    times.push(frame.timeMs);
    if (run.length >= runLength) submit();
    while (inFlight.length > pool.threads) {
      const first = inFlight.shift()!;
      collect(await first.result, first.times);
    }
  }
  submit();
  for (const r of inFlight) collect(await r.result, r.times);
  // Stopped part-way (shutdown): never hand back a partial recording as if it were whole.
  if (opts.signal?.aborted) throw new Error('keypoint extraction was stopped');
  return {
    doc: { format: 'blazepose33', width: info.width, height: info.height, timestamps, frames, world, model: { name: model, version: POSE_MODELS[model].version } },
    info, personFrames,
  };
}

const round = (v: number, per: number) => Math.round(v * per) / per;
