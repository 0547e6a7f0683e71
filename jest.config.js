/** Root test runner: the construct library (test/) and the serving image (serving-image/test/) in one `npm test`. */
module.exports = {
  projects: [
    {
      displayName: 'library',
      preset: 'ts-jest',
      testEnvironment: 'node',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.test.ts'],
    },
    '<rootDir>/serving-image',
  ],
};
