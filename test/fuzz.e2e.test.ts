import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readySquatsSession, startTestServer, type TestServer } from './helpers/server.ts';

/** A small seeded generator (mulberry32), so a failure names the seed and request that reproduce it. */
function generator(seed: number) {
  let a = seed >>> 0;
  const next = () => { a = (a + 0x6d2b79f5) >>> 0; let t = a; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
  return { next, pick };
}

// Strings and numbers that have broken servers: NUL, unpaired surrogates, huge and fractional numbers, long text.
const NASTY_STRINGS = ['', ' ', '\u0000', 'a\u0000b', '\ud800', '\udfff', '😀', '../../etc/passwd', '%00', '<script>alert(1)</script>', "' OR 1=1 --", 'x'.repeat(5000), 'ses_', '-1', '1e20', 'NaN', 'null', '{}', 'Squats', 'exercise', 'gold', 'created_at'];
const NASTY_NUMBERS = [0, -1, 1.5, 1e20, -1e20, 2 ** 53, Number.MAX_SAFE_INTEGER, 1e-9, 99999999999];
const FIELDS = ['kind', 'options', 'assessments', 'user_id', 'external_id', 'metadata', 'url', 'events', 'email', 'first_name', 'last_name', 'name', 'slug', 'rubric', 'copy_from', 'description', 'allowed_origins', 'pose_model', 'exercise', 'exercise_name', 'scenario', 'lines', 'duration_seconds', 't', 'seq', 'session_id', 'page', 'limit'];
const QUERY = ['limit', 'page', 'page_size', 'starting_after', 'ending_before', 'kind', 'status', 'user_id', 'include', 'ranks', 'sort', 'start_date', 'end_date', 'created[gte]', 'format', 'key', 'enc', 'user_ids', 'scenario_ids'];

/** Percent-encoding; an unpaired surrogate (which has no UTF-8) goes as the invalid bytes a hostile client would send. */
const enc = (v: string) => { try { return encodeURIComponent(v); } catch { return '%ED%A0%80'; } };

function value(g: ReturnType<typeof generator>, depth = 0): unknown {
  const r = g.next();
  if (r < 0.35) return g.pick(NASTY_STRINGS);
  if (r < 0.55) return g.pick(NASTY_NUMBERS);
  if (r < 0.62) return g.pick([true, false, null]);
  if (r < 0.8 && depth < 4) return Array.from({ length: Math.floor(g.next() * 4) }, () => value(g, depth + 1));
  if (depth < 4) return Object.fromEntries(Array.from({ length: Math.floor(g.next() * 4) }, () => [g.pick([...FIELDS, ...NASTY_STRINGS]), value(g, depth + 1)]));
  return g.pick(NASTY_STRINGS);
}

/** Every route in the server's own table, a few thousand requests of valid-looking and hostile parts: never a 5xx. */
describe('fuzzing every route', () => {
  let s: TestServer;
  let ids: Record<string, string>;
  before(async () => {
    s = await startTestServer('pglite');
    const session = await readySquatsSession(s);
    ids = { session: session.id };
  });
  after(async () => { await s?.close(); });

  // FUZZ_REQUESTS=10000 FUZZ_SEED=n runs the full count on another seed.
  const count = Number(process.env.FUZZ_REQUESTS ?? 4000);
  it(`answers ${count.toLocaleString('en-US')} seeded requests without one 5xx`, async () => {
    const seed = Number(process.env.FUZZ_SEED ?? 20261202);
    const g = generator(seed);
    const routes = (s.debrief.app as unknown as { registeredRoutes: { method: string; url: string }[] }).registeredRoutes
      .filter((r) => !r.url.startsWith('/docs') && r.method !== 'OPTIONS');
    const failures: string[] = [];
    for (let n = 0; n < count; n++) {
      const route = g.pick(routes);
      const path = route.url.replace(/:(\w+)/g, (_m, p: string) => enc(g.next() < 0.5 && p.includes('session') ? ids.session : String(g.pick([...NASTY_STRINGS, 'Squats', 'x']))));
      const query = g.next() < 0.5 ? '' : `?${Array.from({ length: 1 + Math.floor(g.next() * 3) }, () => `${enc(g.pick(QUERY))}=${enc(String(g.pick([...NASTY_STRINGS, ...NASTY_NUMBERS])))}`).join('&')}`;
      const hasBody = route.method !== 'GET' && route.method !== 'DELETE';
      const raw = !hasBody ? undefined : g.next() < 0.15 ? g.pick(['{', '[]', 'null', '"x"', '{"a":', '\u0000', '{"kind":"exercise","options":{"assessments":["Squats"]}}']) : JSON.stringify(value(g));
      const res = await s.call(route.method, `${path}${query}`, { raw, headers: hasBody ? { 'content-type': g.next() < 0.9 ? 'application/json' : 'text/plain' } : {} });
      if (res.status >= 500) failures.push(`#${n} ${route.method} ${path}${query} ${raw?.slice(0, 200) ?? ''} → ${res.status} ${(await res.text()).slice(0, 200)}`);
      else await res.arrayBuffer();
    }
    assert.deepEqual(failures, [], `seed ${seed}: ${failures.length} 5xx`);
  });
});
