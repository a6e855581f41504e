/**
 * The import rules of src/ (`npm run lint:deps`, in the test command): no cycles, type-only imports
 * included, and one direction between layers, lowest first:
 *   core (ids, errors, scope, motion, store, jobs, video) ← kinds, report ← services (sessions,
 *   webhooks, compute, users, accounts) ← http ← app ← cli
 * A kind's routes.ts is the one part of a kind that sees the HTTP layer; http/kind-routes.ts
 * registers them, and nothing below http imports them. Not yet in line: the behaviour kind's
 * store and assessment job use the services directly (they should get narrow ports).
 */
const CORE = '^src/(ids|errors|scope|analysis-errors|schema-hints)\\.ts$|^src/(motion|store|jobs|video)/';
module.exports = {
  forbidden: [
    { name: 'no-cycles', severity: 'error', comment: 'Modules import in one direction; a cycle (type-only too) ties them together.', from: { path: '^src/' }, to: { circular: true } },
    { name: 'core-is-lowest', severity: 'error', comment: 'The core knows no kind, service, route or process.', from: { path: CORE }, to: { path: '^src/(kinds|sessions|webhooks|compute|users|accounts|http|app|cli)/' } },
    { name: 'kinds-below-services', severity: 'error', comment: "A kind's analysis sees the core only; its routes.ts may use the HTTP layer.", from: { path: '^src/kinds/', pathNot: '/(routes|lift-analysis|collect)\\.ts$|^src/kinds/behavior/(store|assess-job)\\.ts$' }, to: { path: '^src/(sessions/service|webhooks|compute|users|accounts|http/(?!html\\.ts|schemas\\.ts|sanitize\\.ts)|app/(?!config\\.ts)|cli)' } },
    { name: 'nothing-imports-cli', severity: 'error', comment: 'The command line is the top.', from: { path: '^src/', pathNot: '^src/cli/' }, to: { path: '^src/cli/' } },
    { name: 'only-http-imports-kind-routes', severity: 'error', comment: "Kinds' routes are registered by http/kind-routes.ts; compute threads never load Fastify.", from: { path: '^src/', pathNot: '^src/(http/|kinds/[^/]+/(routes|lift-analysis)\\.ts)' }, to: { path: '^src/kinds/[^/]+/(routes|lift-analysis|collect)\\.ts$' } },
    { name: 'compute-threads-without-fastify', severity: 'error', comment: 'Compute threads load the kinds and their analyses, never the HTTP server.', from: { path: '^src/compute/(thread|tasks)\\.ts$' }, to: { path: 'node_modules/(fastify|@fastify)/', reachable: true } },
  ],
  options: {
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '\\.test\\.ts$' },
  },
};
