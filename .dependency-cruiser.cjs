/**
 * Architecture rules, checked in CI by `npm run check:boundaries` (DESIGN.md §1, STYLE.md Layout):
 * apps never import each other, libs never import apps, the libs form layers, and only tests use
 * libs/testing. `@portcullis/*` resolves through tsconfig's paths, so aliased imports count too.
 */
const LEAF_LIBS = '(contracts|config|security|observability)';

module.exports = {
  forbidden: [
    {
      name: 'app-to-other-app',
      comment: 'An app never imports another app: it asks over the bus (libs/contracts).',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'lib-to-app',
      comment: 'A lib never imports an app.',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'leaf-lib-to-lib',
      comment: 'contracts, config, security and observability stand alone: they import no other lib.',
      severity: 'error',
      from: { path: `^libs/${LEAF_LIBS}/src/` },
      to: { path: '^libs/', pathNot: `^libs/$1/` },
    },
    {
      name: 'queue-on-common-only',
      comment:
        'libs/queue builds its BullMQ connections with the one Redis connection factory in libs/common, nothing else.',
      severity: 'error',
      from: { path: '^libs/queue/src/' },
      to: { path: '^libs/', pathNot: '^libs/(queue|common)/' },
    },
    {
      name: 'common-above-contracts-only',
      comment: 'libs/common builds on contracts alone.',
      severity: 'error',
      from: { path: '^libs/common/src/' },
      to: { path: '^libs/', pathNot: '^libs/(common|contracts)/' },
    },
    {
      name: 'bus-on-contracts-and-common-only',
      comment:
        'libs/bus is a transport: it knows contracts and common, nothing app-level (metrics and health come in through BusObserver and libs/runtime).',
      severity: 'error',
      from: { path: '^libs/bus/src/', pathNot: '\\.spec\\.ts$' },
      to: { path: '^libs/', pathNot: '^libs/(bus|contracts|common)/' },
    },
    {
      name: 'infrastructure-below-runtime',
      comment: 'bus and database sit under runtime: they never import it (runtime composes them).',
      severity: 'error',
      from: { path: '^libs/(bus|database)/src/' },
      to: { path: '^libs/runtime/' },
    },
    {
      name: 'testing-only-in-tests',
      comment: 'Production code never imports the test harness.',
      severity: 'error',
      from: { path: '^(apps|libs)/[^/]+/src/', pathNot: ['^libs/testing/', '\\.spec\\.ts$'] },
      to: { path: '^libs/testing/' },
    },
    {
      name: 'no-circular',
      comment:
        'Import cycles make start-up order and mocking fragile. TypeORM entities that relate to each other refer back lazily (`() => Entity`), by design.',
      severity: 'error',
      from: { path: '^(apps|libs)/', pathNot: '\\.entity\\.ts$' },
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that resolves to nothing is a typo or a missing dependency.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['main', 'types'],
    },
  },
};
