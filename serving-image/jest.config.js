/** serving-image tests; also run from the root `npm test` as the `serving-image` jest project. */
module.exports = {
  displayName: 'serving-image',
  preset: 'ts-jest',
  testEnvironment: '<rootDir>/test/helpers/native-typed-arrays-environment.js',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    // Transpile only (isolated modules); the root test/project/typecheck.test.ts type-checks once.
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json' }],
    // @fastify/swagger-ui → @fastify/static → content-disposition 3 and light-my-request → cookie 1, which are ESM-only. Node
    // itself can require() it, jest's module runtime cannot: compile just that package to CJS.
    '/node_modules/(content-disposition|cookie)/.+\\.js$': ['ts-jest', {
      tsconfig: { allowJs: true, module: 'commonjs', target: 'ES2022', esModuleInterop: true }, diagnostics: false,
    }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(content-disposition|cookie)/)'],
  // Only honoured when jest runs from serving-image/; under the root projects config the
  // long-running test files call jest.setTimeout themselves.
  testTimeout: 60000,
};
