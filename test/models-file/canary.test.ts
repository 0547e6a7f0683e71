/**
 * `canary` in models.yaml: not a ModelServing prop, but checked with the file (schema for its shape,
 * its own rules for its values, through the one validation model), every problem at its line and
 * column; never passed to the construct.
 */
import { parseModelsDocument } from '../../lib/models-file/loader';
import { canaryOf } from '../../lib/models-file/canary';
import { ModelsFileError, modelServingProps } from '../../lib';

/** `canary` lines (indented for the model level) inserted into a small valid file. */
function file(modelCanary: string, productionCanary = '', productionRouter = '        gateway:\n          parentRefs: [{ name: public }]'): string {
  return `environments:
  staging:
    namespace: models-staging
  production:
    namespace: models
models:
  iris:
${modelCanary}
    environments:
      staging:
        gateway:
          parentRefs: [{ name: public }]
        versions:
          - { version: 1.0.0, image: "ghcr.io/example/iris-server:1.0.0", weight: 80 }
          - { version: 1.1.0, image: "ghcr.io/example/iris-server:1.1.0", weight: 20 }
      production:
${productionRouter}
${productionCanary}
        versions:
          - { version: 1.0.0, image: "ghcr.io/example/iris-server:1.0.0", weight: 100 }
`;
}

function problems(text: string): string[] {
  try {
    parseModelsDocument(text);
  } catch (error) {
    expect(error).toBeInstanceOf(ModelsFileError);
    return (error as ModelsFileError).problems;
  }
  throw new Error('expected the models file to be rejected');
}

const FULL = `    canary:
      steps: [10, 25, 50, 100]
      analysis:
        prometheusUrl: http://prometheus.monitoring.svc:9090
        window: 10m
        metrics:
          - name: error-rate
            query: 'sum(rate(errors{model="{{ model }}",version="{{version}}",namespace="{{ namespace }}"}[{{ window }}])) / sum(rate(all[5m]))'
            max: 0.01
          - name: traffic
            query: 'sum(increase(all{environment="{{ environment }}"}[10m]))'
            min: 100`;

describe('a valid canary', () => {
  const { config } = parseModelsDocument(file(FULL, '        canary:\n          steps: [50, 100]'));

  test('is read model-wide, and an environment\'s own replaces it whole', () => {
    expect(canaryOf(config, 'iris', 'staging')).toEqual({
      steps: [10, 25, 50, 100],
      analysis: expect.objectContaining({ prometheusUrl: 'http://prometheus.monitoring.svc:9090', window: '10m' }),
    });
    expect(canaryOf(config, 'iris', 'production')).toEqual({ steps: [50, 100] });
  });

  test('never reaches the construct\'s props (synth ignores it)', () => {
    expect('canary' in modelServingProps(config, 'iris', 'staging')).toBe(false);
    expect('canary' in modelServingProps(config, 'iris', 'production')).toBe(false);
  });
});

describe('an invalid canary is an error at its line and column', () => {
  test.each([
    ['steps out of range and not ascending', '    canary:\n      steps: [10, 0, 50, 25, 101]', [
      'models.yaml:9:19: models.iris.canary.steps[1] must be an integer between 1 and 100, but 0 was provided',
      'models.yaml:9:26: models.iris.canary.steps[3] must be above the step before it (50): steps ascend, but 25 was provided',
      'models.yaml:9:30: models.iris.canary.steps[4] must be an integer between 1 and 100, but 101 was provided',
    ]],
    ['no steps', '    canary:\n      steps: []', ['models.yaml:9:14: models.iris.canary.steps must list at least one entry, but [] was provided']],
    ['steps missing', '    canary:\n      analysis: {}', ['models.yaml:9:7: models.iris.canary.steps must be set, but nothing was provided']],
    ['a key that does not exist', '    canary:\n      steps: [10]\n      stepWeights: [5]', [
      'models.yaml:10:7: models.iris.canary key must be one of the known settings (steps, analysis), but "stepWeights" was provided',
    ]],
    ['a bad URL and window', '    canary:\n      steps: [10]\n      analysis:\n        prometheusUrl: prometheus:9090\n        window: 0m', [
      'models.yaml:11:24: models.iris.canary.analysis.prometheusUrl must be an http:// or https:// URL such as "http://prometheus.monitoring.svc:9090", but "prometheus:9090" was provided',
      'models.yaml:12:17: models.iris.canary.analysis.window must be a Prometheus duration above 0 such as "5m", but "0m" was provided',
    ]],
    ['metric problems', [
      '    canary:', '      steps: [10]', '      analysis:', '        metrics:',
      '          - { name: latency, query: "x{v=\\"{{ candidate }}\\"}", max: 1 }',
      '          - { name: latency, query: "y", min: 2, max: 1 }',
      '          - { name: "bad name", query: "z" }',
    ].join('\n'), [
      'models.yaml:12:37: models.iris.canary.analysis.metrics[0].query must use only the placeholders {{ model }}, {{ version }}, {{ namespace }}, {{ environment }}, {{ window }}, but {{ candidate }} was provided',
      'models.yaml:13:21: models.iris.canary.analysis.metrics[1].name must be unique among the metrics, but "latency" was provided',
      'models.yaml:13:55: models.iris.canary.analysis.metrics[1].max must be at least min (2), but 1 was provided',
      'models.yaml:14:13: models.iris.canary.analysis.metrics[2] must set min, max or both, but no bound on "bad name" was provided',
      'models.yaml:14:21: models.iris.canary.analysis.metrics[2].name must be a metric name (letters, digits, "-" and "_", at most 63 characters), but "bad name" was provided',
    ]],
  ])('%s', (_what, canary, expected) => {
    expect(problems(file(canary))).toEqual(expected);
  });

  test('a type error is reported by the schema pass, before the values', () => {
    expect(problems(file('    canary:\n      steps: [10]\n      analysis:\n        metrics:\n          - { name: t, query: "z", max: "1" }'))).toEqual([
      'models.yaml:12:41: models.iris.canary.analysis.metrics[0].max must be a number, but "1" was provided',
    ]);
  });

  test('an environment whose router cannot split exact weights cannot run a canary', () => {
    const plainIngress = '        ingress:\n          host: iris.example.com';
    // Model-wide: placed at the model's canary, naming the environment.
    expect(problems(file('    canary:\n      steps: [10, 100]', '', plainIngress))).toEqual([
      'models.yaml:9:14: models.iris.canary.steps must be used where a router splits exact weights: set gateway, or ingress with nginxCanary '
        + '(without them weights follow replica counts, which advance does not change), but [10,100] was provided (in environment production)',
    ]);
    // The environment's own: placed there.
    expect(problems(file('', '        canary:\n          steps: [10, 100]', plainIngress))[0]).toMatch(/^models\.yaml:2\d:18: models\.iris\.environments\.production\.canary\.steps must be used where/);
  });
});
