import type { Recording } from '../../motion/keypoints.ts';
import type { InputBody, TaskContext } from '../context.ts';
import { inputBytes } from '../input-body.ts';
import { keypointsInput } from '../keypoints-input.ts';
import type { WeightliftingResult } from './analyze.ts';
import { chartImages, type Chart } from './chart-images.ts';
import type { Still } from './charts.ts';
import type { Language } from './messages.ts';

/** The weightlifting kind's compute tasks. */
export const liftTasks = {
  /** A lift's chart images (PNG), in the order asked for; `positions` needs the recording. */
  liftCharts(a: { result: WeightliftingResult; input: InputBody | null; stills: [number, Still][]; wanted: [Chart, Language][] }, ctx: TaskContext): Promise<Uint8Array[]> {
    const rec = a.input ? keypointsInput(a.input.name, ctx.settings).parse(inputBytes(a.input), 'application/json') as Recording : null;
    return chartImages(a.result, rec, new Map(a.stills), a.wanted);
  },
};
