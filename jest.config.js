/** Root test runner: the construct library (test/) and the serving image (serving-image/test/) in one `npm test`. */
module.exports = {
  // Two workers even on two cores: jest's default (cores − 1) runs everything in one process, and
  // most long test files wait on child processes (npm, cdk8s synth, servers), not on the CPU.
  maxWorkers: 2,
  projects: [
    {
      displayName: 'library',
      preset: 'ts-jest',
      transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json' }] },
      testEnvironment: 'node',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.test.ts'],
    },
    '<rootDir>/serving-image',
  ],
};
