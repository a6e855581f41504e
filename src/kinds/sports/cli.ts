import type { CliUse } from '../kind.ts';
import type { SportsResultBase } from './common.ts';

type Flags = Parameters<CliUse<unknown, unknown>['options']>[0];

/**
 * `debrief analyze --kind <sport>`: the kind's options from --exercise, --height for metres, the
 * file read as `video` or `keypoints`, and the summary metrics printed under `heading`.
 */
export function sportsCli<Options, Result extends SportsResultBase>(options: (flags: Flags) => Record<string, unknown>, heading: (options: Options) => string): CliUse<Options, Result> {
  return {
    options: (flags) => ({ ...options(flags), ...(flags.athleteHeightM === undefined ? {} : { athlete_height_m: flags.athleteHeightM }) }),
    input: (_options, fromVideo) => (fromVideo ? 'video' : 'keypoints'),
    summary(result, opts) {
      const width = Math.max(...Object.keys(result.metrics).map((k) => k.length));
      return [`\n${heading(opts)}\n`, ...Object.entries(result.metrics).map(([k, v]) => `${k.padEnd(width)}  ${v ?? '—'}`), `\n${result.calibration.note}`];
    },
  };
}
