import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A video as it will be displayed: rotation from phone metadata already applied to width/height. */
export interface VideoInfo { width: number; height: number; rotation: number; fps: number; frames: number | null; durationS: number | null; codec: string }

/** A video that cannot be analysed, with the code the session fails with. */
export class VideoUnusable extends Error {
  constructor(readonly code: 'video_unreadable' | 'no_video_stream' | 'video_empty', message: string) { super(message); }
}

const rate = (r: string | undefined) => {
  const [n, d] = (r ?? '').split('/').map(Number);
  return n > 0 && d > 0 ? n / d : NaN;
};

/** The fields of an ffprobe stream read here (a video stream always has the first four). */
interface ProbeStream {
  codec_type: string; codec_name: string; width: number; height: number;
  avg_frame_rate?: string; r_frame_rate?: string; nb_frames?: string; duration?: string;
  disposition?: { attached_pic?: number }; tags?: { rotate?: string }; side_data_list?: { rotation?: number }[];
}

export async function probeVideo(path: string): Promise<VideoInfo> {
  let out: string;
  try {
    ({ stdout: out } = await run('ffprobe', ['-v', 'error', '-print_format', 'json', '-show_streams', '-show_format', path], { maxBuffer: 1 << 24 }));
  } catch (err) {
    const detail = String((err as { stderr?: string }).stderr ?? '').trim().split('\n').pop();
    throw new VideoUnusable('video_unreadable', `The file could not be read as a video${detail ? ` (${detail})` : ''}.`);
  }
  const doc = JSON.parse(out) as { streams?: ProbeStream[] };
  const stream = doc.streams?.find((s) => s.codec_type === 'video' && s.disposition?.attached_pic !== 1);
  if (!stream) {
    const audio = doc.streams?.some((s) => s.codec_type === 'audio');
    throw new VideoUnusable('no_video_stream', audio ? 'The file has sound but no picture.' : 'The file has no video stream.');
  }
  // Phones store portrait video as landscape plus a rotation: the display matrix or the old tag.
  const matrix = stream.side_data_list?.find((d) => typeof d.rotation === 'number');
  const rotation = ((Math.round(Number(matrix?.rotation ?? stream.tags?.rotate ?? 0)) % 360) + 360) % 360;
  const swap = rotation === 90 || rotation === 270;
  const fps = rate(stream.avg_frame_rate) || rate(stream.r_frame_rate) || 30;
  const frames = Number(stream.nb_frames) || null;
  return {
    width: swap ? stream.height : stream.width,
    height: swap ? stream.width : stream.height,
    rotation, fps, frames,
    durationS: Number(stream.duration) || null,
    codec: stream.codec_name,
  };
}
