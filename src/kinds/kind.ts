import type { Static, TSchema } from 'typebox';
import type { FastifyBaseLogger, FastifyInstance, FastifyTypeProvider, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import { DebriefError } from '../errors.ts';
import type { OverlayFrame } from '../video/overlay.ts';
import type { Db } from '../store/db.ts';
import type { Scope } from '../scope.ts';
import type { AnyJobDefinition } from '../jobs/worker.ts';
import type { KindContext, KindSettings, PageSession, TaskTable } from './context.ts';

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

/** What a kind may read while resolving options: its own tables, in the caller's workspace and mode. */
export interface KindDeps { db: Db; scope: Scope }

/** An OpenAI-compatible Chat Completions endpoint the operator configured (DEBRIEF_LLM_BASE_URL and the settings beside it). */
export interface LlmConfig { baseUrl: string; model: string; apiKey: string | null; timeoutMs: number }

/** Outside services a kind's `refine` step may call, as configured by the operator. */
export interface KindServices { llm: LlmConfig | null }

/**
 * Types a handler's params, query, headers and body from the TypeBox schema that validates and
 * documents them. Replies are not typed by it: their schemas are checked against what is sent in
 * the tests (DEBRIEF_CHECK_RESPONSES), and a route that streams bytes sends no JSON to type.
 */
export interface TypedRequests extends FastifyTypeProvider {
  validator: this['schema'] extends TSchema ? Static<this['schema']> : unknown;
  serializer: unknown;
}

/** The HTTP server routes are added to: Fastify, with typed requests. */
export type RouteHost = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, TypedRequests>;

/** What `debrief analyze FILE --kind NAME` needs from a kind: its options from the flags, and what to print. */
export interface CliUse<Options, Result> {
  /** The options the flags describe (checked against the schema afterwards); throws a DebriefError naming a missing flag. */
  options(flags: { exercise?: string; athleteHeightM?: number }): Record<string, unknown>;
  /** The input the file is read as (a video's keypoints are read the same way). */
  input(options: Options, fromVideo: boolean): string;
  /** The lines printed after the analysis. */
  summary(result: Result, options: Options): string[];
}

/**
 * A session kind: everything the rest of Debrief needs from it, exported by its folder's index.ts
 * and listed once in kinds/list.ts. Its options are its own type (the registry checks them
 * against `optionsSchema` before any of these is called), its result is what `analyze` returns,
 * and its compute tasks are its own table. The analysis is pure and loads in a compute thread;
 * routes, jobs and tasks reach the rest of the system through the KindContext they are given.
 */
export interface KindDefinition<Options extends Record<string, unknown>, Result, Tasks extends TaskTable = TaskTable> {
  name: string;
  /** Other spellings of the name that mean this kind (lowercase). */
  aliases?: readonly string[];
  description: string;
  /** Stored with each result; bump it when the analysis changes. */
  analyzerVersion: string;
  /** JSON Schema of `options` at creation. */
  optionsSchema: TSchema;
  /** Checks beyond the schema (names that must be in a catalogue, say); throws a 400. */
  checkOptions?(options: Options): void;
  /** The spec for an input name, or a 400 explaining which names are accepted. */
  inputFor(name: string, options: Options, settings: KindSettings): InputSpec;
  /** Inputs that must be uploaded before the session can be completed: a name, or a list of names of which one is enough. */
  requiredInputs(options: Options): (string | string[])[];
  /**
   * Looks up what the options refer to (a scenario by slug, say) when the session is created; throws
   * a 400 when it does not exist. The answer is kept with the session, so later edits of the
   * referenced record do not change how this session is analysed.
   */
  resolve?(options: Options, deps: KindDeps): Promise<unknown>;
  /** Pure: parsed inputs, options and the resolved data in, result data out. Throws AnalysisFailed for a clear failure. */
  analyze(inputs: Record<string, unknown>, options: Options, resolved?: unknown): Result;
  /**
   * An optional second opinion with I/O (an LLM judge) after the pure analysis. It must return a
   * result even when the outside service fails (falling back to the pure one).
   */
  refine?(result: Result, inputs: Record<string, unknown>, resolved: unknown, services: KindServices): Promise<Result>;
  /** What is drawn on each frame of the analysed video of one input: text lines (rep count, phase), optionally a trace. */
  videoOverlay?(result: Result, inputName: string, options: Options): (frame: number) => string[] | OverlayFrame;
  /** HTML of the report page for a ready session. */
  reportPage?(session: PageSession<Options>, result: Result): string;
  /** The report page is shown while the session is open too (behaviour sessions never complete). */
  reportWhileOpen?: boolean;
  /** Webhook event types the kind emits besides session.completed and session.failed. */
  events?: readonly string[];
  /** The kind's own retrieval routes (a reference API's), on the context's ports. */
  routes?(app: RouteHost, ctx: KindContext<Options, Result, Tasks>): void;
  /** CPU work the kind's routes and jobs run in a compute thread. */
  tasks?: Tasks;
  /** Background jobs of the kind's own queues. */
  jobs?(ctx: KindContext<Options, Result, Tasks>): AnyJobDefinition[];
  /** How `debrief analyze` runs it on a file; kinds without it are not offered there. */
  cli?: CliUse<Options, Result>;
}

/**
 * Any kind, as the registry, the jobs and the compute threads hold it. (Its members are methods, so
 * a kind with its own option and result types is one of these.)
 */
export type SessionKind = KindDefinition<Record<string, unknown>, unknown>;

/** A kind from its typed definition: its options, result and tasks are its own types, with no casts. */
export const defineKind = <Options extends Record<string, unknown>, Result, Tasks extends TaskTable = TaskTable>(
  definition: KindDefinition<Options, Result, Tasks>,
): KindDefinition<Options, Result, Tasks> => definition;

export const unknownInput = (name: string, accepted: string[]) =>
  new DebriefError(400, 'invalid_request_error', 'input_name_unknown',
    `This session does not take an input named '${name}'. It accepts: ${accepted.map((a) => `'${a}'`).join(', ')}.`, 'name');
