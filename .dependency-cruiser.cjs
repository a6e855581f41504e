/**
 * The import rules of src/ (npm run lint:deps): no cycles, type-only imports included, and one
 * direction between layers, lowest first:
 *   core (ids, errors, motion, store, jobs, video) ← analysis ← kinds ← services ← http ← app
 */
module.exports = {
  forbidden: [
    { name: 'no-cycles', severity: 'error', comment: 'Modules import in one direction; a cycle (type-only too) ties them together.', from: { path: '^src/' }, to: { circular: true } },
  ],
  options: {
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '\\.test\\.ts$' },
  },
};
