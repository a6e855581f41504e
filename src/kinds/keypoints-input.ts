import { Type } from 'typebox';
import { parseRecording } from '../motion/keypoints.ts';
import { readJsonObject } from '../motion/json-scan.ts';
import type { InputSpec } from './kind.ts';
import type { KindSettings } from './context.ts';
import { InputInvalid } from '../analysis-errors.ts';

/**
 * A motion input: the keypoints JSON, or a video (mp4, mov, webm) whose keypoints the pipeline
 * extracts first. Shared by every kind that analyses movement.
 */
export function keypointsInput(name: string, settings: KindSettings): InputSpec {
  return {
    name,
    contentTypes: ['application/json'],
    acceptsVideo: true,
    maxBytes: 2 * 1024 ** 3,
    parse(body) {
      // Frame by frame from the bytes (a fraction of JSON.parse's memory on a long recording);
      // a document that pass cannot read is parsed whole, which reports what is wrong.
      let doc: unknown = readJsonObject(body, ['frames', 'world']);
      if (!doc) {
        try {
          doc = JSON.parse(body.toString('utf8'));
        } catch (err) {
          throw new InputInvalid(`not valid JSON (${(err as Error).message})`, 'input_malformed');
        }
      }
      return parseRecording(doc, { maxFrames: settings.maxFrames });
    },
  };
}

/** `options.pose_model` of the motion kinds: which BlazePose model reads a video input. */
export const poseModelOption = Type.Optional(Type.Union([Type.Literal('accurate'), Type.Literal('fast')], {
  description: 'For video inputs: `accurate` (BlazePose full, the default) or `fast` (BlazePose lite, about twice the speed). The result records which model and version read the video.',
}));
