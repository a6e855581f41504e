import { Type } from 'typebox';
import { scopeOf } from '../../http/types.ts';
import type { Scope } from '../../scope.ts';
import type { KindContext, InputBody } from '../context.ts';
import type { RouteHost } from '../kind.ts';
import { SPORTS_INPUTS } from '../sports/common.ts';
import type { SportsTasks } from '../sports/sport.ts';
import type { WeightliftingOptions, WeightliftingResult } from './analyze.ts';
import type { Still } from './charts.ts';
import { CHARTS, type Chart } from './chart-images.ts';
import { LANGUAGES, recommendations, type Language } from './messages.ts';
import { videoStills } from './stills.ts';
import type { liftTasks } from './tasks.ts';

/**
 * `GET` (and `POST`) `/weightlifting/sessions/{session_id}/lift-analysis/` (reference 001): chart
 * images per language and recommendations chosen from the measured faults. The PNGs are drawn
 * on the first request and kept with the session, behind capability URLs.
 */
export function weightliftingRoutes(app: RouteHost, ctx: KindContext<WeightliftingOptions, WeightliftingResult, SportsTasks & typeof liftTasks>) {
  async function liftAnalysis(scope: Scope, id: string) {
    const session = await ctx.session(scope, id);
    const r = await ctx.result(session);
    const existing = await ctx.files.tokens(session, 'lift:');
    const missing = CHARTS.flatMap((chart) => LANGUAGES.map((lang): [Chart, Language] => [chart, lang])).filter(([c, l]) => !existing.has(`lift:${c}:${l}`));
    if (missing.length) {
      // Drawn and encoded in a compute thread: twenty charts of a long recording take a while.
      const draw = (input: InputBody | null, stills: [number, Still][]) => ctx.compute.run('liftCharts', { result: r, input, stills, wanted: missing });
      const pngs = missing.some(([c]) => c === 'positions')
        ? await ctx.withRecording(session, SPORTS_INPUTS, async (input) => draw(input, await ctx.withVideo(session, async (file) => (file ? videoStills(file, r) : []))))
        : await draw(null, []);
      // A chart another request drew first is kept, and its link given.
      for (const [k, [chart, lang]] of missing.entries()) existing.set(`lift:${chart}:${lang}`, await ctx.files.save(session, `lift:${chart}:${lang}`, pngs[k], 'image/png'));
    }
    const images = Object.fromEntries(CHARTS.map((chart) => [chart,
      Object.fromEntries(LANGUAGES.map((lang) => [lang, ctx.fileUrl(existing.get(`lift:${chart}:${lang}`) ?? null)]))]));
    return { session_id: session.id, exercise_name: r.exercise_name, ...images, recommendations: recommendations(r) };
  }

  const byLanguage = Type.Object(Object.fromEntries(LANGUAGES.map((l) => [l, Type.Union([Type.String(), Type.Null()])])), { description: 'The chart as a PNG per language (capability URLs)' });
  const LiftAnalysisSchema = Type.Object({
    session_id: Type.String(),
    exercise_name: Type.String(),
    ...Object.fromEntries(CHARTS.map((c) => [c, byLanguage])),
    recommendations: Type.Object(Object.fromEntries(LANGUAGES.map((l) => [l, Type.Array(Type.String())])), { description: 'Advice chosen from the measured faults, per language' }),
  });
  const schema = (method: string) => ({
    operationId: method === 'GET' ? 'getLiftAnalysis' : 'createLiftAnalysis',
    summary: `Lift analysis: chart images and recommendations in ${LANGUAGES.join(', ')} (reference 001, ${method})`,
    tags: ['weightlifting'],
    params: Type.Object({ session_id: Type.String({ maxLength: 64 }) }),
    response: { 200: LiftAnalysisSchema, 409: { description: 'The session is not analysed yet', $ref: 'Error#' } },
  });
  const config = { scoped: { session_id: 'session' } } as const;
  app.get('/weightlifting/sessions/:session_id/lift-analysis/', { schema: schema('GET'), config }, (request) => liftAnalysis(scopeOf(request.auth), request.params.session_id));
  app.post('/weightlifting/sessions/:session_id/lift-analysis/', { schema: schema('POST'), config }, (request) => liftAnalysis(scopeOf(request.auth), request.params.session_id));
}

