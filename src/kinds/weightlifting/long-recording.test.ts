import { it } from 'node:test';
import assert from 'node:assert/strict';
import { seeded } from '../../../eval/body.ts';
import { liftMotion, sample, STICK_HEIGHT_M } from '../../../eval/sports-gen.ts';
import { weightlifting } from './index.ts';
import { barPathChart, barSpeedChart, hipHeightChart } from './charts.ts';
import type { WeightliftingResult } from './analyze.ts';

// 200,000 frames is within the documented limit: the charts must not spread them into arguments
// (Math.min(...values) overflows the stack there).
it('charts a 200,000-frame lift without overflowing the stack', () => {
  const { motion, durationS } = liftMotion('deadlift', seeded(4));
  const doc = sample(motion, durationS, { fps: 60, format: 'blazepose33', jitterPx: 1, dropPoint: 0, dropFrame: 0, view: 'side', seed: 3 });
  const options = { exercise_name: 'deadlift' as const, athlete_height_m: STICK_HEIGHT_M, barbell_mass: 140 };
  const rec = weightlifting.inputFor('keypoints', options, { maxFrames: 200_000 }).parse(Buffer.from(JSON.stringify(doc)), 'application/json');
  const r = weightlifting.analyze({ keypoints: rec }, options);
  const n = 200_000, k = r.timestamps_s.length;
  const stretch = <T>(xs: T[]) => Array.from({ length: n }, (_, i) => xs[i % k]);
  const long: WeightliftingResult = {
    ...r, timestamps_s: Array.from({ length: n }, (_, i) => i / 60),
    bar: Object.fromEntries(Object.entries(r.bar).map(([key, v]) => [key, Array.isArray(v) && v.length === k ? stretch(v) : v])) as WeightliftingResult['bar'],
  };
  for (const chart of [hipHeightChart(long, 'en'), barSpeedChart(long, 'en'), barPathChart(long, 'en')]) assert.match(chart, /^<svg/);
});
