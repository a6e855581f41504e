import { Type } from 'typebox';
import { scopeOf } from '../../http/types.ts';
import { DebriefError } from '../../errors.ts';
import type { RouteHost } from '../kind.ts';
import type { KindContext } from '../context.ts';
import { CATALOGUE } from './catalogue.ts';
import { planeOf } from './camera-view.ts';
import type { ExerciseOptions, ExerciseResult } from './kind.ts';
import type { MeasurementResult, RepResult } from './assess.ts';
import { AssessmentSchema, ExerciseSchema, SessionInformationSchema } from './schemas.ts';
import { listOf } from '../../schemas.ts';

/** Ids the client sent as numbers-in-strings are echoed as numbers, as reference 000 shows them. */
const echoId = (v: string | number | null | undefined) =>
  v === null || v === undefined ? null : typeof v === 'number' ? v : /^\d{1,15}$/.test(v) ? Number(v) : v;


/** Rebuilds a stored rep with the reference's field order (the database keeps JSON keys sorted its own way). */
function repView(r: RepResult): RepResult {
  return {
    rep_number: r.rep_number,
    start_frame_number: r.start_frame_number,
    peak_frame_number: r.peak_frame_number,
    end_frame_number: r.end_frame_number,
    overall_accuracy_measurement: r.overall_accuracy_measurement,
    measurement_results: r.measurement_results.map((m): MeasurementResult => m.type === 'peak'
      ? { type: 'peak', frame: m.frame, accuracy: m.accuracy, value: m.value, measurement_id: m.measurement_id, message: m.message, priority: m.priority }
      : {
        type: 'static', accuracy: m.accuracy,
        ...(m.error ? { error: { frame: m.error.frame, accuracy: m.error.accuracy, message: m.error.message } } : {}),
        measurement_id: m.measurement_id, message: m.message, priority: m.priority,
      }),
  };
}

/** The three routes of reference 000, plus the exercise catalogue. */
export function exerciseRoutes(app: RouteHost, ctx: KindContext<ExerciseOptions, ExerciseResult>) {
  const session = { session_id: 'session' } as const;

  app.get('/v1/exercises', { schema: { operationId: 'listExercises', summary: 'The exercise catalogue', tags: ['exercise'], response: { 200: listOf(ExerciseSchema) } } }, async () => ({
    object: 'list', has_more: false,
    data: CATALOGUE.map((e) => ({
      object: 'exercise', name: e.name, aliases: e.aliases, side: e.side, camera_view: e.view,
      signal: { metric: e.signal.metric, direction: e.signal.direction === 1 ? 'rises' : 'falls', min_amplitude: e.minAmplitude, min_rep_ms: e.minRepMs },
      counted_from: [e.signal, ...(e.countAlso ?? [])].map((c) => ({ metric: c.metric, side: c.side, direction: c.direction === 1 ? 'rises' : 'falls' })),
      posture: e.posture ?? null,
      measurements: e.measurements.map((m) => ({
        measurement_id: m.id, type: m.type, metric: m.metric, message: m.message, priority: m.priority, plane: planeOf(e, m.metric),
        ...(m.type === 'peak' ? { target: m.target } : { limit: m.limit, relative_to_rep_start: m.relative ?? false }),
      })),
    })),
  }));

  app.get('/v1/:session_id', {
    schema: { operationId: 'getSessionInformation', summary: 'Session information (reference 000)', tags: ['exercise'], params: Type.Object({ session_id: Type.String({ maxLength: 64 }) }), response: { 200: SessionInformationSchema } },
    config: { scoped: session },
  }, async (request) => {
    const s = await ctx.session(scopeOf(request.auth), request.params.session_id);
    return { [s.id]: s.id, user_id: echoId(s.userId), prescription_id: echoId(s.options.prescription_id), assessments: s.options.assessments };
  });

  app.get('/v1/:session_id/:assessment', {
    schema: {
      operationId: 'getAssessment', summary: 'Reps and measurements of one assessment (reference 000)', tags: ['exercise'],
      params: Type.Object({ session_id: Type.String({ maxLength: 64 }), assessment: Type.String({ maxLength: 200 }) }),
      response: { 200: AssessmentSchema, 409: { description: 'The session is not analysed yet', $ref: 'Error#' } },
    },
    config: { scoped: session },
  }, async (request) => {
    const { session_id, assessment } = request.params;
    const s = await ctx.session(scopeOf(request.auth), session_id);
    const names = s.options.assessments;
    const name = names.find((n) => n.toLowerCase().trim() === assessment.toLowerCase().trim());
    if (!name) throw new DebriefError(404, 'not_found', 'resource_missing', `Session ${s.id} has no assessment '${assessment}'. Its assessments: ${names.join(', ')}.`);
    const a = (await ctx.result(s)).assessments[name];
    return { count: a.count, individual_reps_list: a.individual_reps_list.map(repView) };
  });
}
