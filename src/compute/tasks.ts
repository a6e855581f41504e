import fs from 'node:fs';
import type { KindRegistry } from '../kinds/registry.ts';
import type { InputBody, KindSettings, KindTask, PageSession, TaskContext } from '../kinds/context.ts';
import { inputBytes } from '../kinds/input-body.ts';
import { storable } from '../store/storable.ts';
import { storedResult } from '../sessions/results.ts';

/**
 * The CPU-heavy steps of serving a session, as plain functions of data: reading an upload,
 * analysing, drawing a video or a page, and each kind's own tasks (kind.tasks). They run in a
 * compute thread (compute/pool.ts), so a long recording never stalls the API's event loop.
 * Arguments and answers cross threads by structured clone; bytes travel as Uint8Array.
 */

/** Any task, as the pool and the thread call it. */
type TaskFn = (args: unknown, ctx: TaskContext) => unknown;

export function computeTasks(kinds: KindRegistry) {
  const parse = (kind: string, options: Record<string, unknown>, input: InputBody) =>
    kinds.inputFor(kinds.get(kind), input.name, options).parse(inputBytes(input), input.contentType);

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
      if (poseModel && result && typeof result === 'object') result = { ...result, pose_model: poseModel };
      result = storable(result);
      if (a.keepResult || a.keepInputs) return { result, stored: null, parsed: a.keepInputs ? parsed : null };
      return { result: null, stored: storedResult(result), parsed: null };
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

    /** A session's report page (a session not analysed yet, of a kind whose page shows it, has a null result). */
    reportPage(a: { kind: string; session: PageSession; result: unknown }): string {
      return kinds.get(a.kind).reportPage!(a.session, a.result);
    },
  };
}

export type ComputeTasks = ReturnType<typeof computeTasks>;
export type TaskName = keyof ComputeTasks;

/** Where a task is found: Debrief's own (kind null) or a kind's own, by name. */
export interface TaskAddress { kind: string | null; task: string }

/** Runs a task by its address: what a compute thread, or the pool with no threads, does with each message. */
export function taskRunner(kinds: KindRegistry, settings: KindSettings) {
  const own: Record<string, KindTask> = computeTasks(kinds);
  return (at: TaskAddress, args: unknown, ctx: Omit<TaskContext, 'settings'>) => {
    const fn = at.kind === null ? own[at.task] : kinds.get(at.kind).tasks?.[at.task];
    if (!fn) throw new Error(`no compute task '${at.task}'${at.kind ? ` of the kind '${at.kind}'` : ''}`);
    return (fn as TaskFn)(args, { ...ctx, settings });
  };
}
