import fs from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { KindRegistry } from '../kinds/registry.ts';
import { analyzeBehavior, type BehaviorReport } from '../kinds/behavior/analyze.ts';
import type { Batch } from '../kinds/behavior/events.ts';
import type { SessionRecord } from '../sessions/view.ts';
import type { Recording } from '../motion/keypoints.ts';
import { exportColumns, toCsv } from '../kinds/sports/export.ts';
import { extraFrameColumns, sessionDocument, type DocumentHead } from '../kinds/sports/document.ts';
import type { SportsResultBase } from '../kinds/sports/common.ts';
import { chartImages, type Chart } from '../kinds/weightlifting/chart-images.ts';
import type { Still } from '../kinds/weightlifting/charts.ts';
import type { WeightliftingResult } from '../kinds/weightlifting/analyze.ts';
import type { Language } from '../kinds/weightlifting/messages.ts';
import { storable } from '../store/storable.ts';
import { storedResult } from '../sessions/results.ts';

/**
 * The CPU-heavy steps of serving a session, as plain functions of data: reading an upload,
 * analysing, writing an export, drawing a page or a chart. They run in a compute thread
 * (compute/pool.ts), so a long recording never stalls the API's event loop. Arguments and answers
 * cross threads by structured clone; bytes travel as Uint8Array.
 */

/** What a task is given besides its arguments: a long one reports progress and honours cancellation. */
export interface TaskContext { signal: AbortSignal; progress(done: number, total: number | null): void }

/** Any task, as the pool and the thread call it by name. */
export type TaskFn = (args: unknown, ctx: TaskContext) => unknown;

/**
 * An uploaded input, as the compute thread gets it: the file it is stored in, which the thread
 * reads itself (so the API's process never holds a queued upload's bytes), or the bytes.
 */
export type InputBody = { name: string; contentType: string } & ({ path: string } | { body: Uint8Array });

/** A result as a compute thread reads it: a large one as its stored JSON bytes (parsed here, off the event loop). */
export type ResultSource = { json: Uint8Array } | { data: unknown };

const asBuffer = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength);
const unpackBatches = (payloads: Uint8Array[]) => payloads.map((p) => JSON.parse(gunzipSync(p).toString('utf8')) as Batch);
const utf8 = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));

export function computeTasks(kinds: KindRegistry) {
  const parse = (kind: string, options: Record<string, unknown>, input: InputBody) =>
    kinds.inputFor(kinds.get(kind), input.name, options).parse('path' in input ? fs.readFileSync(input.path) : asBuffer(input.body), input.contentType);

  return {
    /** Reads an upload as the analysis will; throws InputInvalid naming what is wrong. */
    checkInput(a: { kind: string; options: Record<string, unknown>; input: InputBody }): null {
      parse(a.kind, a.options, a.input);
      return null;
    },

    /**
     * The kind's pure analysis of its inputs, made storable, with the pose model that read
     * `fromVideo` (keypoints extracted from a video say which). The result comes back as it is to
     * be stored (a large one as its file), unless `keepResult` asks for the value (to refine it, or
     * to draw it on a video). With `keepInputs`, the parsed inputs come back too (a kind's `refine` step runs on
     * the caller's side, with its I/O).
     */
    analyze(a: { kind: string; options: Record<string, unknown>; resolved: unknown; inputs: InputBody[]; fromVideo: string | null; keepResult: boolean; keepInputs: boolean }) {
      const parsed: Record<string, unknown> = {};
      for (const input of a.inputs) parsed[input.name] = parse(a.kind, a.options, input);
      let result = kinds.get(a.kind).analyze(parsed, a.options, a.resolved ?? undefined);
      // Results from different pose models differ: a result read from video says which one.
      const poseModel = a.fromVideo ? (parsed[a.fromVideo] as { poseModel?: unknown } | null)?.poseModel ?? null : null;
      if (poseModel && result && typeof result === 'object') result = { ...(result as object), pose_model: poseModel };
      result = storable(result);
      if (a.keepResult || a.keepInputs) return { result, stored: null, parsed: a.keepInputs ? parsed : null };
      return { result: null, stored: storedResult(result), parsed: null };
    },

    /** A sports session's export (reference 001) with its per-frame keypoints, as JSON or CSV bytes. */
    sportsExport(a: { kind: string; options: Record<string, unknown>; input: InputBody; head: DocumentHead; result: ResultSource | null; format: 'json' | 'csv' }): Uint8Array {
      if (!a.result) throw new Error('the session has no result to export');
      const result = ('json' in a.result ? JSON.parse(asBuffer(a.result.json).toString('utf8')) : a.result.data) as SportsResultBase;
      const keypoints = exportColumns(parse(a.kind, a.options, a.input) as Recording);
      const frameColumns = extraFrameColumns(result);
      if (a.format === 'json') return utf8(JSON.stringify({ ...sessionDocument(a.head, result), keypoints, ...frameColumns }));
      const times = result.timestamps_s;
      return utf8(toCsv({ frame: times.map((_, i) => i), time_s: times, ...keypoints, ...result.angles, ...frameColumns }));
    },

    /** A lift's chart images (PNG), in the order asked for; `positions` needs the recording. */
    liftCharts(a: { options: Record<string, unknown>; result: WeightliftingResult; input: InputBody | null; stills: [number, Still][]; wanted: [Chart, Language][] }): Promise<Uint8Array[]> {
      const rec = a.input ? parse('weightlifting', a.options, a.input) as Recording : null;
      return chartImages(a.result, rec, new Map(a.stills), a.wanted);
    },

    /**
     * The analysed video of one input: its frames with the skeleton, angles and the kind's overlay
     * drawn on, encoded by ffmpeg to `outPath`.
     */
    async renderVideo(a: { kind: string; inputName: string; options: Record<string, unknown>; result: unknown; videoPath: string; keypointsPath: string; outPath: string }, ctx: TaskContext) {
      const { renderAnalyzedVideo } = await import('../video/render.ts');
      const keypoints = JSON.parse(fs.readFileSync(a.keypointsPath, 'utf8'));
      const overlay = kinds.get(a.kind).videoOverlay?.(a.result, a.inputName, a.options) ?? (() => []);
      return renderAnalyzedVideo(a.videoPath, keypoints, overlay, a.outPath, { signal: ctx.signal, onProgress: ctx.progress });
    },

    /** A behaviour session's report from its stored batches (gzipped JSON, in order), made storable. */
    behaviorReport(a: { payloads: Uint8Array[]; timeZone: string }): BehaviorReport {
      return storable(analyzeBehavior(unpackBatches(a.payloads), { timeZone: a.timeZone }));
    },

    /** The replay of a behaviour session with its report, as the JSON the replay page loads. */
    replayDocument(a: { payloads: Uint8Array[]; report: BehaviorReport }): Uint8Array {
      const events: { timestamp?: number }[] = [];
      for (const b of unpackBatches(a.payloads)) for (const e of b.replay ?? []) events.push(e as { timestamp?: number });
      events.sort((x, y) => (x.timestamp ?? 0) - (y.timestamp ?? 0));
      return utf8(JSON.stringify({ events, report: a.report }));
    },

    /** A behaviour session's raw events as captured, batch after batch, for an export. */
    behaviorEvents(a: { payloads: Uint8Array[]; sessionId: string; userId: string | null }): Uint8Array {
      const batches = unpackBatches(a.payloads);
      const events = batches.flatMap((b) => b.events);
      return utf8(JSON.stringify({ session_id: a.sessionId, user_id: a.userId, batches: batches.length, event_count: events.length, events }));
    },

    /** A ready session's report page. */
    reportPage(a: { session: SessionRecord; result: unknown }): string {
      return kinds.get(a.session.kind).reportPage!(a.session, a.result);
    },
  };
}

export type ComputeTasks = ReturnType<typeof computeTasks>;
export type TaskName = keyof ComputeTasks;
