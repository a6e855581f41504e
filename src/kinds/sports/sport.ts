import type { InputBody, ResultSource, TaskContext } from '../context.ts';
import type { SportsResultBase } from './common.ts';
import type { DocumentHead } from './document.ts';

/** What one sports kind adds to what they all share, as data: the shared base takes it and never names its kinds. */
export interface Sport<Options, Result extends SportsResultBase> {
  /** The kind's name, and its routes' first path segment (reference 001). */
  name: string;
  /** The session's title when the client gave none in metadata.title. */
  title(options: Options): string;
  /** The report page's heading, before the title. */
  reportHeading: string;
  /** The kind's own part of the session document: its jumps, steps or reps. */
  summary(result: Result): Record<string, unknown>;
  /** The export's per-frame columns beyond keypoints and angles (a foot's contact, the bar's path). */
  frameColumns?(result: Result): Record<string, (string | number | null)[]>;
  /** The report page's body: headline figures, the kind's table and charts. */
  reportBody(result: Result): string;
}

/** What the export task is given: the recording as a local file, the document's head, the stored result. */
export interface ExportArgs { input: InputBody; head: DocumentHead; result: ResultSource; format: 'json' | 'csv' }

/** The compute task every sports kind has: its export. */
export type SportsTasks = { export: (a: ExportArgs, ctx: TaskContext) => Uint8Array };

