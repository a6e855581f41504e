import { spawn } from 'node:child_process';
import type { WeightliftingResult } from './analyze.ts';
import { keyFrames, type Still } from './charts.ts';

/** One frame of a video as a PNG about 300 px high (ffmpeg seeks to it). */
function frameAt(file: string, seconds: number): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const ff = spawn('ffmpeg', ['-nostdin', '-v', 'error', '-ss', seconds.toFixed(3), '-i', file, '-frames:v', '1', '-vf', 'scale=-2:300', '-f', 'image2pipe', '-vcodec', 'png', 'pipe:1'], { stdio: ['ignore', 'pipe', 'ignore'] });
    const chunks: Buffer[] = [];
    ff.stdout.on('data', (c: Buffer) => chunks.push(c));
    ff.on('error', () => resolve(null));
    ff.on('close', (code) => resolve(code === 0 && chunks.length ? Buffer.concat(chunks) : null));
  });
}

/** Stills of the lift's key frames from its video file (ffmpeg seeks to each). */
export async function videoStills(file: string, r: WeightliftingResult): Promise<[number, Still][]> {
  const stills: [number, Still][] = [];
  for (const { frame } of keyFrames(r).slice(0, 6)) {
    const png = await frameAt(file, r.timestamps_s[frame]);
    // PNG header: width and height are big-endian at bytes 16 and 20.
    if (png && png.length > 24) stills.push([frame, { png, width: png.readUInt32BE(16), height: png.readUInt32BE(20) }]);
  }
  return stills;
}
