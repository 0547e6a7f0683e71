/**
 * Error positions in models.yaml come from each violation's path, never from its wording: this test
 * rewords every requirement of the construct's rules table and shows that every position stays.
 */
import type { Violation } from '../../lib';

type Loader = typeof import('../../lib/models-file/loader');

/** A file with problems of every kind of place: a version field, an environment setting, a model-wide setting, a key. */
const BROKEN = `environments:
  staging:
    namespace: models-staging
models:
  Iris:
    resources: { cpu: lots }
    environments:
      staging:
        env: { MODEL_NAME: other }
        gateway:
          parentRefs: [{ name: Public }]
        versions:
          - version: 1.0.0
            image: ghcr.io/example/iris-server:latest
            weight: 80
          - version: 1.1.0
            image: ghcr.io/example/iris-server:1.1.0
`;

function problems(loader: Loader): string[] {
  try {
    loader.parseModelsDocument(BROKEN);
  } catch (error) {
    return (error as { problems: string[] }).problems;
  }
  throw new Error('expected the file to be rejected');
}

const position = (problem: string) => /^models\.yaml:\d+:\d+:/.exec(problem)![0];

test('rewording every rule leaves every models.yaml error at its line and column', () => {
  const original = problems(jest.requireActual('../../lib/models-file/loader'));

  let reworded: string[] = [];
  jest.isolateModules(() => {
    jest.doMock('../../lib/model-serving/validation/validate', () => {
      const actual = jest.requireActual('../../lib/model-serving/validation/validate');
      return {
        ...actual,
        modelServingViolations: (props: unknown) => actual.modelServingViolations(props)
          .map((v: Violation) => ({ ...v, requirement: `satisfy a reworded rule (${v.requirement.length} characters before)` })),
      };
    });
    reworded = problems(require('../../lib/models-file/loader'));
  });

  expect(original.length).toBeGreaterThanOrEqual(5);
  expect(reworded.map(position)).toEqual(original.map(position));
  // The messages really changed: the positions did not come along by accident.
  reworded.forEach((line, i) => expect(line).not.toEqual(original[i]));
  expect(original.map(position)).toEqual([
    'models.yaml:5:3:', // the model name is its key
    'models.yaml:6:23:', // a model-wide setting
    'models.yaml:9:28:', // an environment's env entry
    'models.yaml:11:32:', // a Gateway name
    'models.yaml:14:20:', // a version's image
    'models.yaml:16:13:', // the second version lacks a weight: its entry
  ]);
});
