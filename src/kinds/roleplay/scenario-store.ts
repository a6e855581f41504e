import { and, asc, eq, or } from 'drizzle-orm';
import { Type, type Static } from 'typebox';
import type { Db, Tx } from '../../store/db.ts';
import { scenarios } from './tables.ts';
import { conflict, invalidRequest, notFound } from '../../errors.ts';
import { newId } from '../../ids.ts';
import type { Scope } from '../../scope.ts';
import { BUILT_IN_SCENARIOS, builtInScenario, type Scenario } from './scenarios.ts';
import { SIGNAL_NAMES } from './signal-names.ts';

const Item = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 120 }),
  description: Type.String({ maxLength: 2000 }),
  what_good_looks_like: Type.Optional(Type.String({ maxLength: 2000 })),
  weight: Type.Number({ exclusiveMinimum: 0, maximum: 100 }),
  signal: Type.Optional(Type.Union(SIGNAL_NAMES.map((s) => Type.Literal(s)))),
}, { additionalProperties: false });

const Fields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  slug: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,79}$' }),
  description: Type.String({ maxLength: 4000 }),
  persona: Type.String({ maxLength: 4000 }),
  rubric: Type.Object({
    criteria: Type.Array(Type.Object({ name: Type.String({ minLength: 1, maxLength: 120 }), items: Type.Array(Item, { minItems: 1, maxItems: 30 }) }, { additionalProperties: false }), { minItems: 1, maxItems: 20 }),
  }, { additionalProperties: false }),
  rank_thresholds: Type.Object({ gold: Type.Number({ minimum: 0, maximum: 100 }), silver: Type.Number({ minimum: 0, maximum: 100 }), bronze: Type.Number({ minimum: 0, maximum: 100 }) }, { additionalProperties: false }),
  min_duration_seconds: Type.Number({ minimum: 0, maximum: 86400 }),
};

/** POST body: a whole scenario, or `copy_from` a built-in (or another scenario) with overrides. */
export const CreateScenario = Type.Object({
  copy_from: Type.Optional(Type.String({ maxLength: 100 })),
  name: Type.Optional(Fields.name), slug: Type.Optional(Fields.slug), description: Type.Optional(Fields.description),
  persona: Type.Optional(Fields.persona), rubric: Type.Optional(Fields.rubric),
  rank_thresholds: Type.Optional(Fields.rank_thresholds), min_duration_seconds: Type.Optional(Fields.min_duration_seconds),
}, { additionalProperties: false });
export const UpdateScenario = Type.Object({
  name: Type.Optional(Fields.name), slug: Type.Optional(Fields.slug), description: Type.Optional(Fields.description),
  persona: Type.Optional(Fields.persona), rubric: Type.Optional(Fields.rubric),
  rank_thresholds: Type.Optional(Fields.rank_thresholds), min_duration_seconds: Type.Optional(Fields.min_duration_seconds),
}, { additionalProperties: false });

export const ScenarioSchema = Type.Object({
  id: Type.String({ description: "The scenario's id, or a built-in one's slug" }), object: Type.Literal('scenario'), built_in: Type.Boolean(), ...Fields,
});

export interface ScenarioView extends Scenario { id: string; object: 'scenario'; built_in: boolean }

const view = (id: string, s: Scenario, builtIn: boolean): ScenarioView => ({ id, object: 'scenario', built_in: builtIn, ...s });

function checkThresholds(s: Scenario) {
  const t = s.rank_thresholds;
  if (!(t.gold >= t.silver && t.silver >= t.bronze)) throw invalidRequest('parameter_invalid', 'rank_thresholds must satisfy gold ≥ silver ≥ bronze.', 'rank_thresholds');
}

/** Workspace scenarios, with the built-in ones readable (and copyable) by their slug. */
export function createScenarioStore(db: Db) {
  const inScope = (scope: Scope) => and(eq(scenarios.workspaceId, scope.workspaceId), eq(scenarios.livemode, scope.livemode));

  async function find(scope: Scope, idOrSlug: string): Promise<ScenarioView | null> {
    const [row] = await db.select().from(scenarios).where(and(inScope(scope), or(eq(scenarios.id, idOrSlug), eq(scenarios.slug, idOrSlug))));
    if (row) return view(row.id, row.body, false);
    const built = builtInScenario(idOrSlug);
    return built ? view(built.slug, built, true) : null;
  }

  async function get(scope: Scope, idOrSlug: string) {
    const s = await find(scope, idOrSlug);
    if (!s) throw notFound('scenario', idOrSlug);
    return s;
  }

  async function list(scope: Scope): Promise<ScenarioView[]> {
    const rows = await db.select().from(scenarios).where(inScope(scope)).orderBy(asc(scenarios.createdAt));
    return [...rows.map((r) => view(r.id, r.body, false)), ...BUILT_IN_SCENARIOS.map((b) => view(b.slug, b, true))];
  }

  /** Creates a scenario; `alsoInTx` runs in the insert's transaction (an Idempotency-Key's answer is recorded there). */
  async function create(scope: Scope, body: Static<typeof CreateScenario>, alsoInTx?: (tx: Tx, created: ScenarioView) => Promise<void>) {
    const { copy_from, ...fields } = body;
    const base = copy_from ? (await get(scope, copy_from)) : null;
    const merged = { ...(base ? stripView(base) : {}), ...fields } as Partial<Scenario>;
    if (base && !fields.slug) merged.slug = `${base.slug}-copy`;
    for (const f of ['name', 'slug', 'rubric'] as const) if (merged[f] === undefined) throw invalidRequest('parameter_missing', `Missing required field '${f}' (or copy_from a scenario).`, f);
    const s: Scenario = {
      name: merged.name!, slug: merged.slug!, description: merged.description ?? '', persona: merged.persona ?? '', rubric: merged.rubric!,
      rank_thresholds: merged.rank_thresholds ?? { gold: 85, silver: 70, bronze: 50 }, min_duration_seconds: merged.min_duration_seconds ?? 0,
    };
    checkThresholds(s);
    if (builtInScenario(s.slug)) throw conflict('slug_taken', `'${s.slug}' is the slug of a built-in scenario; choose another.`);
    return db.transaction(async (tx) => {
      const [row] = await tx.insert(scenarios).values({ id: newId('scn'), workspaceId: scope.workspaceId, livemode: scope.livemode, slug: s.slug, body: s as never })
        .onConflictDoNothing().returning();
      if (!row) throw conflict('slug_taken', `A scenario with slug '${s.slug}' already exists.`);
      const created = view(row.id, s, false);
      await alsoInTx?.(tx, created);
      return created;
    });
  }

  async function ownRow(scope: Scope, idOrSlug: string) {
    const [row] = await db.select().from(scenarios).where(and(inScope(scope), or(eq(scenarios.id, idOrSlug), eq(scenarios.slug, idOrSlug))));
    if (!row) {
      if (builtInScenario(idOrSlug)) throw invalidRequest('scenario_built_in', `'${idOrSlug}' is built in and cannot change; copy it with POST /v1/scenarios {"copy_from": "${idOrSlug}"}.`, 'id');
      throw notFound('scenario', idOrSlug);
    }
    return row;
  }

  async function update(scope: Scope, idOrSlug: string, patch: Static<typeof UpdateScenario>) {
    const row = await ownRow(scope, idOrSlug);
    const s = { ...row.body, ...patch };
    checkThresholds(s);
    if (patch.slug && builtInScenario(patch.slug)) throw conflict('slug_taken', `'${patch.slug}' is the slug of a built-in scenario; choose another.`);
    try {
      await db.update(scenarios).set({ slug: s.slug, body: s as never, updatedAt: new Date() }).where(eq(scenarios.id, row.id));
    } catch {
      throw conflict('slug_taken', `A scenario with slug '${s.slug}' already exists.`);
    }
    return view(row.id, s, false);
  }

  async function remove(scope: Scope, idOrSlug: string) {
    const row = await ownRow(scope, idOrSlug);
    await db.delete(scenarios).where(eq(scenarios.id, row.id));
    return row.id;
  }

  return { find, get, list, create, update, remove };
}

const stripView = (v: ScenarioView): Scenario => {
  const { id: _id, object: _o, built_in: _b, ...s } = v;
  return s;
};
