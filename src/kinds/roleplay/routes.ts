import { Type, type Static } from 'typebox';
import { scopeOf } from '../../http/types.ts';
import { recordAnswer } from '../../http/idempotency.ts';
import { invalidRequest } from '../../errors.ts';
import type { Scope } from '../../scope.ts';
import type { RouteHost } from '../kind.ts';
import type { KindContext, ListedSession, Person } from '../context.ts';
import type { ResolvedScenario, RoleplayOptions, RoleplayResult } from './kind.ts';
import { CreateScenario, ScenarioSchema, UpdateScenario, createScenarioStore } from './scenario-store.ts';
import { RoleplaySessionListSchema, RoleplaySessionSchema } from './schemas.ts';
import { deletedOf, listOf } from '../../schemas.ts';

const INCLUDES = ['transcript', 'evaluations'];
const RANKS = ['gold', 'silver', 'bronze', 'unranked'];

/** Reference 004's session detail: results when graded, nulls while not. */
function detail(s: ListedSession<RoleplayResult>['session'], r: Partial<RoleplayResult> | null, user: Person | undefined, include: Set<string>) {
  const resolved = s.resolved as ResolvedScenario | null;
  return {
    id: s.id,
    user: s.userId ? { id: s.userId, email: user?.email ?? null, first_name: user?.firstName ?? null, last_name: user?.lastName ?? null } : null,
    scenario: r?.scenario ?? (resolved ? { id: resolved.id, name: resolved.scenario.name, slug: resolved.scenario.slug } : null),
    score: r?.score ?? null,
    rank: r?.rank ?? null,
    duration_seconds: r?.duration_seconds ?? null,
    is_valid_attempt: s.status === 'ready' && Boolean(r?.is_valid_attempt),
    outcome_feedback: r?.outcome_feedback ?? null,
    positive_feedback: r?.positive_feedback ?? null,
    constructive_feedback: r?.constructive_feedback ?? null,
    created_at: s.createdAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    transcript: include.has('transcript') && r?.transcript ? r.transcript.map(documentedLine) : null,
    evaluations: include.has('evaluations') && r?.evaluations ? r.evaluations.map(documentedEvaluation) : null,
  };
}

// Stored results come back from jsonb in its own key order; reference 004 documents this one.
const documentedLine = (l: RoleplayResult['transcript'][number]) => ({ speaker: l.speaker, text: l.text, seconds_from_start: l.seconds_from_start });
const documentedEvaluation = (e: RoleplayResult['evaluations'][number]) => ({
  criterion_name: e.criterion_name,
  items: e.items.map((i) => ({
    name: i.name, grade: i.grade, feedback: i.feedback,
    feedback_examples: i.feedback_examples.map((x) => ({ quote: x.quote, feedback: x.feedback, suggestion_quote: x.suggestion_quote, grade: x.grade, salience: x.salience })),
  })),
});

const list = (v: string | undefined) => (v ? v.split(',').map((x) => x.trim()).filter(Boolean) : []);

function date(value: string | undefined, param: string, endOfDay = false) {
  if (!value) return undefined;
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T${endOfDay ? '23:59:59.999' : '00:00:00'}Z` : value);
  if (Number.isNaN(d.getTime())) throw invalidRequest('parameter_invalid', `'${param}' must be an ISO date (2026-03-15) or date-time.`, param);
  return d;
}

const ListQuery = Type.Object({
  user_ids: Type.Optional(Type.String()), user_emails: Type.Optional(Type.String()), scenario_ids: Type.Optional(Type.String()),
  ranks: Type.Optional(Type.String()), start_date: Type.Optional(Type.String()), end_date: Type.Optional(Type.String()),
  sort: Type.Optional(Type.Union(['created_at', '-created_at', 'score', '-score', 'duration', '-duration'].map((v) => Type.Literal(v)))),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1 })),
  page_size: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
}, { additionalProperties: false });

/** Reference 004's routes under its base path /rest/v1, and the scenarios they are graded against. */
export function roleplayRoutes(app: RouteHost, ctx: KindContext<RoleplayOptions, RoleplayResult>) {
  const store = createScenarioStore(ctx.db);
  const ScenarioParams = Type.Object({ id: Type.String({ maxLength: 100 }) });
  const scenario = { id: 'scenario' } as const;

  const PageQuery = Type.Object({
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    starting_after: Type.Optional(Type.String({ maxLength: 100, description: 'The id of the last scenario of the page before' })),
  }, { additionalProperties: false });
  app.get('/v1/scenarios', {
    schema: { operationId: 'listScenarios', summary: 'Scenarios: this workspace\'s, oldest first, then the built-in ones, in pages', tags: ['roleplay'], querystring: PageQuery, response: { 200: listOf(ScenarioSchema) } },
  }, async (request) => {
    const q = request.query;
    const all = await store.list(scopeOf(request.auth));
    const from = q.starting_after ? all.findIndex((x) => x.id === q.starting_after) + 1 : 0;
    if (q.starting_after && from === 0) throw invalidRequest('cursor_invalid', `No such scenario: '${q.starting_after}'.`, 'starting_after');
    const limit = q.limit ?? 20;
    return { object: 'list', data: all.slice(from, from + limit), has_more: from + limit < all.length };
  });
  app.post('/v1/scenarios', { schema: { operationId: 'createScenario', summary: 'Create a scenario, or copy one with copy_from', tags: ['roleplay'], body: CreateScenario, response: { 201: ScenarioSchema, 409: { description: 'The slug is taken', $ref: 'Error#' } } } },
    async (request, reply) => reply.code(201).send(await store.create(scopeOf(request.auth), request.body, (tx, created) => recordAnswer(tx, request, 201, created))));
  app.get('/v1/scenarios/:id', { schema: { operationId: 'getScenario', summary: 'Retrieve a scenario by id or slug', tags: ['roleplay'], params: ScenarioParams, response: { 200: ScenarioSchema } }, config: { scoped: scenario } },
    async (request) => store.get(scopeOf(request.auth), request.params.id));
  app.patch('/v1/scenarios/:id', { schema: { operationId: 'updateScenario', summary: 'Change a scenario (sessions already created keep the version they were graded with)', tags: ['roleplay'], params: ScenarioParams, body: UpdateScenario, response: { 200: ScenarioSchema, 409: { description: 'The slug is taken, or the scenario is built in', $ref: 'Error#' } } }, config: { scoped: scenario } },
    async (request) => store.update(scopeOf(request.auth), request.params.id, request.body));
  app.delete('/v1/scenarios/:id', { schema: { operationId: 'deleteScenario', summary: 'Delete a scenario', tags: ['roleplay'], params: ScenarioParams, response: { 200: deletedOf('scenario'), 409: { description: 'A built-in scenario cannot be deleted', $ref: 'Error#' } } }, config: { scoped: scenario } },
    async (request) => ({ id: await store.remove(scopeOf(request.auth), request.params.id), object: 'scenario' as const, deleted: true as const }));

  app.get('/rest/v1/sessions/:session_id', {
    schema: {
      operationId: 'getRoleplaySession', summary: 'Roleplay session detail (reference 004)', tags: ['roleplay'], response: { 200: RoleplaySessionSchema },
      params: Type.Object({ session_id: Type.String({ maxLength: 64 }) }),
      querystring: Type.Object({ include: Type.Optional(Type.String({ maxLength: 100, description: 'Comma-separated: transcript, evaluations', examples: ['transcript,evaluations'] })) }),
    },
    config: { scoped: { session_id: 'session' } },
  }, async (request) => {
    const include = new Set(list(request.query.include));
    const unknown = [...include].filter((i) => !INCLUDES.includes(i));
    if (unknown.length) throw invalidRequest('parameter_invalid', `Unknown include value '${unknown[0]}'. Allowed: ${INCLUDES.join(', ')}.`, 'include');
    const scope = scopeOf(request.auth);
    const session = await ctx.session(scope, request.params.session_id);
    const result = (await ctx.storedResult(session))?.data ?? null;
    const user = session.userId ? (await ctx.people(scope, [session.userId])).get(session.userId) : undefined;
    return detail(session, result, user, include);
  });

  // Pages already answered, per workspace, mode and query, with the version of the data they were made from.
  const pages = new Map<string, { version: string; body: string }>();
  /**
   * A version of everything a page of roleplay sessions shows: a session created, completed, graded
   * (its result is written with its updated_at) or deleted, or a person renamed, changes it. Three
   * index lookups in a database function (migration 0007), so a page asked for again is not rebuilt.
   */

  app.get('/rest/v1/sessions', {
    schema: { operationId: 'listRoleplaySessions', summary: 'Roleplay sessions with filters, sorting and pages (reference 004)', tags: ['roleplay'], querystring: ListQuery, response: { 200: RoleplaySessionListSchema } },
  }, async (request, reply) => {
    const q = request.query;
    const scope = scopeOf(request.auth);
    const key = `${scope.workspaceId}:${scope.livemode}:${JSON.stringify(Object.entries(q).sort(([a], [b]) => a.localeCompare(b)))}`;
    // Read before the page is made: a change while it is made only costs a rebuild next time.
    const version = await ctx.listVersion(scope);
    const hit = pages.get(key);
    if (hit?.version === version) return reply.type('application/json; charset=utf-8').send(hit.body);
    const body = JSON.stringify(await listPage(scope, q));
    if (pages.size >= 1_000) pages.delete(pages.keys().next().value!);
    pages.set(key, { version, body });
    return reply.type('application/json; charset=utf-8').send(body);
  });

  /** A page of reference 004's session list. */
  async function listPage(scope: Scope, q: Static<typeof ListQuery>) {
    const ranks = list(q.ranks);
    const bad = ranks.find((r) => !RANKS.includes(r));
    if (bad) throw invalidRequest('parameter_invalid', `Unknown rank '${bad}'. Ranks: ${RANKS.join(', ')}.`, 'ranks');
    const page = q.page ?? 1, pageSize = q.page_size ?? 50;
    const userIds = list(q.user_ids);
    const emails = list(q.user_emails);
    const people = userIds.length || emails.length ? [...userIds, ...(await ctx.peopleByEmail(scope, emails))] : undefined;
    if (people && !people.length) return { data: [], pagination: { page, page_size: pageSize, total_count: 0, total_pages: 0 } };
    const scenarios = list(q.scenario_ids);
    const sort = q.sort ?? '-created_at';
    const key = sort.replace(/^-/, '');
    const found = await ctx.list(scope, {
      userIds: people,
      matching: [
        // A session names its scenario by the id it resolved to, or as its options gave it (a slug).
        ...(scenarios.length ? [{ fields: [{ in: 'resolved' as const, key: 'id' }, { in: 'options' as const, key: 'scenario' }], values: scenarios }] : []),
        ...(ranks.length ? [{ fields: [{ in: 'result' as const, key: 'rank' }], values: ranks }] : []),
      ],
      createdFrom: date(q.start_date, 'start_date'),
      createdTo: date(q.end_date, 'end_date', true),
      sort: { by: key === 'created_at' ? 'created_at' : { in: 'result', key: key === 'score' ? 'score' : 'duration_seconds' }, descending: sort.startsWith('-') },
      page, pageSize,
      // What a listed session shows: not the transcripts, evaluations or rubrics, which only the detail route includes.
      resolvedPaths: [['id'], ['scenario', 'name'], ['scenario', 'slug']],
      resultWithout: ['transcript', 'evaluations'],
    });
    const named = await ctx.people(scope, [...new Set(found.rows.map((x) => x.session.userId).filter((u): u is string => Boolean(u)))]);
    return {
      data: found.rows.map((x) => detail(x.session, x.result, x.session.userId ? named.get(x.session.userId) : undefined, new Set())),
      pagination: { page, page_size: pageSize, total_count: found.total, total_pages: Math.ceil(found.total / pageSize) },
    };
  }
}
