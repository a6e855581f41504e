import type { TSchema } from 'typebox';
import { DebriefError } from '../errors.ts';
import type { SessionRecord } from '../sessions/view.ts';
import type { OverlayFrame } from '../video/overlay.ts';
import type { Db } from '../store/db.ts';
import type { LlmConfig } from '../app/config.ts';
import type { Scope } from '../scope.ts';

/** One input a session of a kind accepts, with how to read and check it. */
export interface InputSpec {
  name: string;
  contentTypes: string[];
  maxBytes: number;
  /** Also takes a video (mp4, mov, webm): its keypoints are extracted, then read with `parse`. */
  acceptsVideo?: boolean;
  /** Reads an uploaded body; throws InputInvalid naming what is wrong. */
  parse(body: Buffer, contentType: string): unknown;
}

/** What a kind may read while resolving options: the database, in the caller's workspace and mode. */
export interface KindDeps { db: Db; scope: Scope }

/** Outside services a kind's `refine` step may call, as configured by the operator. */
export interface KindServices { llm: LlmConfig | null }

/** Operator settings a kind's input parsers honour (from the validated config). */
export interface KindSettings { maxFrames: number }

/**
 * The contract every session kind implements, registered in kinds/registry.ts: pure analysis and
 * what it needs, loadable in a compute thread without the HTTP server. A kind's routes are its
 * routes.ts, registered in http/kind-routes.ts.
 */
export interface SessionKind {
  name: string;
  description: string;
  /** Stored with each result; bump it when the analysis changes. */
  analyzerVersion: string;
  /** JSON Schema of `options` at creation. */
  optionsSchema: TSchema;
  /** Checks beyond the schema (e.g. names that must be in a catalogue); throws a 400. */
  checkOptions?(options: Record<string, unknown>): void;
  /** The spec for an input name, or a 400 explaining which names are accepted. */
  inputFor(name: string, options: Record<string, unknown>, settings: KindSettings): InputSpec;
  /** Inputs that must be uploaded before the session can be completed: a name, or a list of names of which one is enough. */
  requiredInputs(options: Record<string, unknown>): (string | string[])[];
  /**
   * Looks up what the options refer to (a scenario by slug, say) when the session is created; throws
   * a 400 when it does not exist. The answer is kept with the session, so later edits of the
   * referenced record do not change how this session is analysed.
   */
  resolve?(options: Record<string, unknown>, deps: KindDeps): Promise<unknown>;
  /** Pure: parsed inputs, options and the resolved data in, result data out. Throws AnalysisFailed for a clear failure. */
  analyze(inputs: Record<string, unknown>, options: Record<string, unknown>, resolved?: unknown): unknown;
  /**
   * An optional second opinion with I/O (e.g. an LLM judge) after the pure analysis. It must
   * return a result even when the outside service fails (falling back to the pure one).
   */
  refine?(result: unknown, inputs: Record<string, unknown>, resolved: unknown, services: KindServices): Promise<unknown>;
  /** What is drawn on each frame of the analysed video of one input: text lines (rep count, phase), optionally a trace. */
  videoOverlay?(result: unknown, inputName: string, options: Record<string, unknown>): (frame: number) => string[] | OverlayFrame;
  /** HTML of the report page for a ready session. */
  reportPage?(session: SessionRecord, result: unknown): string;
  /** The report page is shown while the session is open too (behaviour sessions never complete). */
  reportWhileOpen?: boolean;
}


export const unknownInput = (name: string, accepted: string[]) =>
  new DebriefError(400, 'invalid_request_error', 'input_name_unknown',
    `This session does not take an input named '${name}'. It accepts: ${accepted.map((a) => `'${a}'`).join(', ')}.`, 'name');

/**
 * A kind's contract in its own types: its options as its schema describes them (the registry
 * checks them against `optionsSchema` before any of these is called) and its result as `analyze`
 * returns it. `defineKind` turns it into the SessionKind the registry, the jobs and the compute
 * threads hold.
 */
export interface KindDefinition<Options extends Record<string, unknown>, Result> {
  name: string;
  description: string;
  analyzerVersion: string;
  optionsSchema: TSchema;
  checkOptions?(options: Options): void;
  inputFor(name: string, options: Options, settings: KindSettings): InputSpec;
  requiredInputs(options: Options): (string | string[])[];
  resolve?(options: Options, deps: KindDeps): Promise<unknown>;
  analyze(inputs: Record<string, unknown>, options: Options, resolved?: unknown): Result;
  refine?(result: Result, inputs: Record<string, unknown>, resolved: unknown, services: KindServices): Promise<Result>;
  videoOverlay?(result: Result, inputName: string, options: Options): (frame: number) => string[] | OverlayFrame;
  reportPage?(session: SessionRecord, result: Result): string;
  reportWhileOpen?: boolean;
}

/** A kind from its typed definition (no casts in the kind: its options and result are its own types). */
export const defineKind = <Options extends Record<string, unknown>, Result>(definition: KindDefinition<Options, Result>): SessionKind => definition;
