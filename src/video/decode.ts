import { spawn } from 'node:child_process';
import { VideoUnusable } from './probe.ts';

export interface DecodedFrame { index: number; timeMs: number; rgb: Buffer }

/**
 * Streams a video's frames as raw RGB at width×height (rotation applied, as displayed), one frame
 * in memory at a time, with each frame's own presentation time so variable frame rates are kept.
 */
export async function* decodeFrames(path: string, width: number, height: number, signal?: AbortSignal): AsyncGenerator<DecodedFrame> {
  const ff = spawn('ffmpeg', [
    '-nostdin', '-hide_banner', '-v', 'info', '-i', path, '-map', '0:v:0', '-fps_mode', 'passthrough',
    '-vf', `scale=${width}:${height}:flags=bilinear,showinfo`, '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1',
  ], { stdio: ['ignore', 'pipe', 'pipe'], signal });
  ff.on('error', () => {}); // reported through the exit code below
  const frameBytes = width * height * 3;
  const times: number[] = [];
  let stderr = '';
  let partial = '';
  ff.stderr.on('data', (chunk: Buffer) => {
    const text = partial + chunk.toString();
    const lines = text.split('\n');
    partial = lines.pop()!;
    for (const line of lines) {
      const m = /\bpts_time:\s*(-?[\d.]+)/.exec(line);
      if (m && line.includes('Parsed_showinfo')) times.push(Number(m[1]) * 1000);
      else if (/error|invalid|failed/i.test(line) && stderr.length < 4000) stderr += `${line}\n`;
    }
  });
  const exited = new Promise<number | null>((resolve) => ff.on('close', (code) => resolve(code)));

  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let index = 0;
  for await (const chunk of ff.stdout as AsyncIterable<Buffer>) {
    pending.push(chunk);
    pendingBytes += chunk.length;
    while (pendingBytes >= frameBytes) {
      const all = pending.length === 1 ? pending[0] : Buffer.concat(pending);
      const rgb = Buffer.from(all.subarray(0, frameBytes));
      const rest = all.subarray(frameBytes);
      pending = rest.length ? [rest] : [];
      pendingBytes = rest.length;
      // showinfo logs a frame before it is written, but give stderr a moment if it lags behind.
      if (times.length <= index) await new Promise((r) => setImmediate(r));
      const t0 = times[0] ?? 0;
      yield { index, timeMs: (times[index] ?? (times[times.length - 1] ?? 0) + 1) - t0, rgb };
      index++;
    }
  }
  const code = await exited;
  if (signal?.aborted) return;
  if (code !== 0 && index === 0) throw new VideoUnusable('video_unreadable', `The video could not be decoded${stderr ? `: ${stderr.trim().split('\n').pop()}` : '.'}`);
  if (index === 0) throw new VideoUnusable('video_empty', 'The video has no frames.');
}
