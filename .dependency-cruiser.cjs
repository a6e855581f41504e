/**
 * The import rules of src/ (`npm run lint:deps`, in the test command): no cycles, type-only imports
 * included, and one direction between layers, lowest first:
 *   core (ids, errors, scope, analysis-errors, schema-hints, schemas, crash-points, motion, store, jobs, video)
 *   ← kinds, report ← services (sessions, webhooks, compute, users, accounts) ← http ← app ← cli
 * A kind sees the rest through the KindContext its routes and jobs are given (kinds/context.ts,
 * implemented in sessions/): only its routes.ts sees the HTTP layer, only its tables.ts the core
 * tables, and outside code reaches a kind only through the kind list (kinds/list.ts).
 * That compute threads never load Fastify is checked at run time (src/compute/thread.test.ts).
 */
const CORE = '^src/(ids|errors|scope|analysis-errors|schema-hints|schemas|crash-points)\\.ts$|^src/(motion|store|jobs|video)/';
module.exports = {
  forbidden: [
    { name: 'no-cycles', severity: 'error', comment: 'Modules import in one direction; a cycle (type-only too) ties them together.', from: { path: '^src/' }, to: { circular: true } },
    { name: 'core-is-lowest', severity: 'error', comment: 'The core knows no kind, service, route or process.', from: { path: CORE }, to: { path: '^src/(kinds|report|sessions|webhooks|compute|users|accounts|http|app|cli)/' } },
    { name: 'kinds-below-services', severity: 'error', comment: 'Kinds and report pages see the core and their KindContext, never a service or a process.', from: { path: '^src/(kinds|report)/' }, to: { path: '^src/(sessions|webhooks|compute|users|accounts|app|cli)/' } },
    { name: 'only-routes-see-http', severity: 'error', comment: "A kind's routes.ts is its one file that sees the HTTP layer; page helpers (HTML escaping) live in report/.", from: { path: '^src/(kinds|report)/', pathNot: '^src/kinds/[^/]+/routes\\.ts$' }, to: { path: '^src/http/' } },
    { name: 'only-tables-see-core-tables', severity: 'error', comment: "A kind reads sessions, results and files through its KindContext; its tables.ts references the core tables it keys on.", from: { path: '^src/kinds/', pathNot: '^src/kinds/[^/]+/tables\\.ts$' }, to: { path: '^src/store/schema\\.ts$' } },
    { name: 'kinds-through-the-list', severity: 'error', comment: 'Outside code reaches a kind only through kinds/list.ts, so adding a kind touches its folder and that list.', from: { path: '^src/', pathNot: '^src/kinds/' }, to: { path: '^src/kinds/[^/]+/' } },
    { name: 'the-list-takes-index', severity: 'error', comment: "The kind list imports each kind's index.ts, which exports everything the rest of the system needs from it.", from: { path: '^src/kinds/list\\.ts$' }, to: { path: '^src/kinds/[^/]+/(?!index\\.ts$)' } },
    { name: 'shared-kind-files-name-no-kind', severity: 'error', comment: 'The contract, the context and the registry are the same for every kind.', from: { path: '^src/kinds/[^/]+\\.ts$', pathNot: '^src/kinds/list\\.ts$' }, to: { path: '^src/kinds/[^/]+/' } },
    { name: 'kinds-keep-to-their-folder', severity: 'error', comment: 'A kind imports no other kind; sports/ is the base the sports kinds share, and it is not a kind.', from: { path: '^src/kinds/([^/]+)/' }, to: { path: '^src/kinds/[^/]+/', pathNot: '^src/kinds/($1|sports)/' } },
    { name: 'nothing-imports-cli', severity: 'error', comment: 'The command line is the top.', from: { path: '^src/', pathNot: '^src/cli/' }, to: { path: '^src/cli/' } },
  ],
  options: {
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '\\.test\\.ts$' },
  },
};
