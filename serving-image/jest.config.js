/** serving-image tests; also run from the root `npm test` as the `serving-image` jest project. */
module.exports = {
  displayName: 'serving-image',
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
  // The SIGTERM test drives a real server process under load for a few seconds.
  testTimeout: 60000,
};
