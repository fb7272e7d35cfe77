/** Jest: @swc/jest transforms TypeScript (type-checking is `tsc --noEmit` in `npm test`). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest'] },
  testTimeout: 30000,
  // PGlite instances are heavy (hundreds of MB each); two workers fit the 2 cores.
  maxWorkers: 2,
  setupFiles: ['<rootDir>/test/setup-env.js'],
  // Builds the migrated PGlite template once; suites load it instead of running initdb each.
  globalSetup: '<rootDir>/test/global-setup.ts',
};
