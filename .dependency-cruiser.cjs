/**
 * The layering of generators/ (ARCHITECTURE.md, "Layering"), checked by test/layering.test.ts:
 * core/ is the domain and depends on nothing of ours above it; engine/ and doctor/ never reach
 * into the command line; and no module imports itself through others. Type-only imports count:
 * a type from a higher layer couples the lower one to it just the same.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'core-imports-no-layer-above',
      comment: 'core/ is the domain: cli/, engine/ and doctor/ build on it, never the reverse.',
      severity: 'error',
      from: { path: '(^|/)generators/core/' },
      to: { path: '(^|/)generators/(cli|engine|doctor)/' },
    },
    {
      name: 'engine-imports-no-cli',
      comment: 'The engine is driven by the command line; it must not depend on it.',
      severity: 'error',
      from: { path: '(^|/)generators/engine/' },
      to: { path: '(^|/)generators/cli/' },
    },
    {
      name: 'doctor-imports-no-cli',
      comment: 'The audit is driven by the command line; it must not depend on it.',
      severity: 'error',
      from: { path: '(^|/)generators/doctor/' },
      to: { path: '(^|/)generators/cli/' },
    },
    {
      name: 'no-cycles',
      comment: 'A cycle makes two modules one: neither can be understood, tested or loaded alone.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)generators/virtual\\.d\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'] },
  },
};
