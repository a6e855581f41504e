import { Type, type Static } from 'typebox';
import { invalidRequest } from '../../errors.ts';
import { defineKind, unknownInput } from '../kind.ts';
import { parseTranscript, type Speaker, type Transcript } from './transcript.ts';
import { gradeOffline } from './grade.ts';
import { createScenarioStore } from './scenario-store.ts';
import { judgeWithLlm } from './llm-judge.ts';
import { roleplayReportPage } from './report-page.ts';
import type { ResolvedScenario, RoleplayResult } from './result.ts';

export type { ResolvedScenario, RoleplayResult } from './result.ts';

const optionsSchema = Type.Object({
  scenario: Type.String({ minLength: 1, maxLength: 100 }),
  speakers: Type.Optional(Type.Record(Type.String({ maxLength: 60 }), Type.Union([Type.Literal('ai'), Type.Literal('user'), Type.Literal('system')]))),
}, { additionalProperties: false });

export type RoleplayOptions = Static<typeof optionsSchema> & { speakers?: Record<string, Speaker> };

export const TRANSCRIPT_TYPES = ['application/json', 'text/vtt', 'application/x-subrip', 'text/srt'];

export const roleplayContract = defineKind<RoleplayOptions, RoleplayResult>({
  name: 'roleplay',
  description: 'A training conversation graded against its scenario rubric (reference 004).',
  analyzerVersion: 'roleplay-1',
  optionsSchema,
  async resolve(options, deps): Promise<ResolvedScenario> {
    const { scenario } = options;
    const store = createScenarioStore(deps.db);
    const found = await store.find(deps.scope, scenario);
    if (!found) {
      const known = (await store.list(deps.scope)).map((s) => s.slug);
      throw invalidRequest('scenario_unknown', `Unknown scenario '${scenario}'. Scenarios: ${known.join(', ')}.`, 'options.scenario');
    }
    const { id, object: _o, built_in: _b, ...body } = found;
    return { id, scenario: body };
  },
  inputFor(name, options) {
    if (name !== 'transcript') throw unknownInput(name, ['transcript']);
    const speakers = Object.fromEntries(Object.entries(options.speakers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    return {
      name: 'transcript',
      contentTypes: TRANSCRIPT_TYPES,
      maxBytes: 20 * 1024 * 1024,
      parse: (body, type) => parseTranscript(body.toString('utf8'), type, speakers),
    };
  },
  requiredInputs: () => ['transcript'],
  analyze(inputs, _options, resolved) {
    const { id, scenario } = resolved as ResolvedScenario;
    const t = inputs.transcript as Transcript;
    const graded = gradeOffline(t.lines, t.durationSeconds, scenario);
    const duration = t.durationSeconds ?? t.lines[t.lines.length - 1].seconds_from_start;
    return {
      ...graded,
      scenario: { id, name: scenario.name, slug: scenario.slug },
      duration_seconds: duration,
      is_valid_attempt: duration >= scenario.min_duration_seconds,
      transcript: t.lines.filter((l) => l.speaker !== 'system'),
    };
  },
  async refine(graded, inputs, resolved, services) {
    if (!services.llm) return graded;
    const t = inputs.transcript as Transcript;
    const judged = await judgeWithLlm(services.llm, (resolved as ResolvedScenario).scenario, t.lines, graded);
    // The offline grade stands when the judge fails, and the result says why.
    return 'result' in judged ? { ...graded, ...judged.result } : { ...graded, grader_note: judged.error };
  },
  reportPage: roleplayReportPage,
});
