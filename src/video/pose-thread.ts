import { parentPort, workerData } from 'node:worker_threads';
import { loadBlazePose, poseTracker, type PoseModel } from './blazepose.ts';

/** A run of consecutive frames, estimated in order with one track. */
export interface ChunkRequest { id: number; width: number; height: number; frames: ArrayBuffer[] }
export interface ChunkResult { id: number; poses: ({ landmarks: Float32Array; world: Float32Array; score: number } | null)[]; error?: string }

const port = parentPort!;
const models = await loadBlazePose((workerData as { model: PoseModel }).model);
port.postMessage({ ready: true });
port.on('message', async (req: ChunkRequest) => {
  try {
    const tracker = poseTracker(models);
    const poses: ChunkResult['poses'] = [];
    for (const frame of req.frames) poses.push(await tracker.next(new Uint8Array(frame), req.width, req.height));
    const transfer = poses.flatMap((p) => (p ? [p.landmarks.buffer, p.world.buffer] : []));
    port.postMessage({ id: req.id, poses } satisfies ChunkResult, transfer as ArrayBuffer[]);
  } catch (err) {
    port.postMessage({ id: req.id, poses: [], error: err instanceof Error ? err.message : String(err) } satisfies ChunkResult);
  }
});
