import { join } from 'path';
import { Chart, Testing } from 'cdk8s';
import { ModelServing } from '../../lib';
import { environmentModels, loadModelsFile, ModelsFileError, modelServingProps } from '../../lib';
import { parseModelsDocument } from '../../lib/models-file/loader';
import { testApp } from '../support/synth';

/** A small valid file; tests break one line of it at a time. */
const VALID = `environments:
  staging:
    namespace: models-staging
models:
  iris:
    resources: { cpu: 250m, memory: 256Mi }
    environments:
      staging:
        gateway:
          parentRefs: [{ name: public }]
        versions:
          - version: 1.0.0
            image: ghcr.io/example/iris-server:1.0.0
            weight: 80
          - version: 1.1.0
            image: ghcr.io/example/iris-server:1.1.0
            weight: 20
`;

/** The problems reported for `text`, one `file:line:column: message` each. */
function problems(text: string): string[] {
  try {
    parseModelsDocument(text);
  } catch (error) {
    expect(error).toBeInstanceOf(ModelsFileError);
    return (error as ModelsFileError).problems;
  }
  throw new Error('expected the models file to be rejected');
}

describe('the repository models.yaml', () => {
  const config = loadModelsFile(join(__dirname, '..', '..', 'models.yaml'));

  test('declares staging and production with their namespaces', () => {
    expect(config.environments).toEqual({ staging: { namespace: 'models-staging' }, production: { namespace: 'models' } });
  });

  test('yields the ModelServing props: Gateway API routing in both environments, an A/B/N split in staging, a canary in production', () => {
    const image = (version: string) => `ghcr.io/example/iris-server:${version}`;
    const gateway = (hostname: string) => ({ parentRefs: [{ name: 'public', namespace: 'gateway-system' }], hostnames: [hostname] });
    expect(environmentModels(config, 'staging')).toEqual([{
      modelName: 'iris',
      versions: [
        { version: '1.0.0', image: image('1.0.0'), weight: 50, replicas: 1 },
        { version: '1.1.0', image: image('1.1.0'), weight: 30, replicas: 1 },
        { version: '1.1.0-int8', image: image('1.1.0-int8'), weight: 20, replicas: 1 },
      ],
      gateway: gateway('iris.staging.example.com'),
    }]);
    expect(environmentModels(config, 'production')).toEqual([{
      modelName: 'iris',
      versions: [
        { version: '1.0.0', image: image('1.0.0'), weight: 90, replicas: 2 },
        { version: '1.1.0', image: image('1.1.0'), weight: 10, replicas: 1 },
      ],
      resources: { cpu: '500m', memory: '512Mi' },
      gateway: gateway('iris.example.com'),
      autoscaling: { minReplicas: 2, maxReplicas: 10, targetCpuUtilizationPercent: 70 },
    }]);
  });
});

describe('model-wide settings', () => {
  test('apply in every environment, and an environment setting of the same name replaces them whole', () => {
    const text = VALID.replace('        gateway:', '        resources: { memory: 1Gi }\n        gateway:');
    const { config } = parseModelsDocument(text);
    expect(modelServingProps(config, 'iris', 'staging').resources).toEqual({ memory: '1Gi' });
    expect(modelServingProps(parseModelsDocument(VALID).config, 'iris', 'staging').resources).toEqual({ cpu: '250m', memory: '256Mi' });
  });

  test('the props feed ModelServing directly', () => {
    const chart = new Chart(testApp(), 'staging', { namespace: 'models-staging' });
    for (const props of environmentModels(parseModelsDocument(VALID).config, 'staging')) new ModelServing(chart, props.modelName, props);
    const route = Testing.synth(chart).find((o) => o.kind === 'HTTPRoute');
    expect(route.spec.rules[0].backendRefs.map((b: any) => b.weight)).toEqual([80, 20]);
  });

  test('asking for a model or environment that is not there names the known ones', () => {
    const { config } = parseModelsDocument(VALID);
    expect(() => modelServingProps(config, 'wine', 'staging')).toThrow('no model "wine" in the models file (models: iris)');
    expect(() => modelServingProps(config, 'iris', 'production')).toThrow('model "iris" is not served in environment "production" (it is in staging)');
    expect(environmentModels(config, 'production')).toEqual([]);
  });
});

describe('errors point at the bad entry', () => {
  test.each([
    ['a weight above 100', VALID.replace('weight: 20', 'weight: 150'),
      'models.yaml:17:21: models.iris.environments.staging.versions[1].weight must be an integer between 0 and 100, but 150 was provided'],
    ['a fractional weight', VALID.replace('weight: 20', 'weight: 2.5'),
      'models.yaml:17:21: models.iris.environments.staging.versions[1].weight must be an integer, but 2.5 was provided'],
    ['a version YAML reads as a number', VALID.replace('version: 1.1.0', 'version: 1.1'),
      'models.yaml:15:22: models.iris.environments.staging.versions[1].version must be a string (quote it: "1.1"), but 1.1 was provided'],
    ['an unknown setting', VALID.replace('parentRefs:', 'parentrefs:'),
      'models.yaml:10:11: models.iris.environments.staging.gateway key must be one of the known settings (parentRefs, hostnames, versionHeader), but "parentrefs" was provided'],
    ['a missing image', VALID.replace('            image: ghcr.io/example/iris-server:1.1.0\n', ''),
      'models.yaml:15:13: models.iris.environments.staging.versions[1].image must be set, but nothing was provided'],
    ['an image reference with upper case', VALID.replace('iris-server:1.1.0', 'Iris-Server:1.1.0'),
      'models.yaml:16:20: models.iris.environments.staging.versions[1].image must be an image reference such as "ghcr.io/org/server:1.0.0" or "repo@sha256:<digest>", but "ghcr.io/example/Iris-Server:1.1.0" was provided'],
    ['a model name that is no DNS label', VALID.replace('  iris:', '  Iris:'),
      'models.yaml:5:3: models key must be a DNS-1035 label (lowercase letters, digits and "-", starting with a letter, at most 63 characters), but "Iris" was provided'],
    ['an environment that is not declared', VALID.replace('      staging:\n        gateway', '      prod:\n        gateway'),
      'models.yaml:8:7: models.iris.environments key must name an environment declared under environments (staging), but "prod" was provided'],
    ['a bad enum value', VALID.replace('    resources:', '    serviceType: Ingress\n    resources:'),
      'models.yaml:6:18: models.iris.serviceType must be one of "ClusterIP", "LoadBalancer", "NodePort", but "Ingress" was provided'],
    ['invalid YAML', VALID.replace('weight: 80', 'weight: [80'),
      expect.stringMatching(/^models\.yaml:15:11: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a \]$/)],
    ['an empty file', '', 'models.yaml:1:1: environments must be set, but nothing was provided'],
  ])('%s', (_name, text, expected) => {
    expect(problems(text)).toContainEqual(expected);
  });

  test('ModelServing validation runs too, and its violations land on the field', () => {
    expect(problems(VALID.replace('iris-server:1.1.0', 'iris-server:latest'))).toEqual([
      'models.yaml:16:20: models.iris.environments.staging.versions[1].image must name a fixed tag or a digest (":latest" and untagged images make a git revert a no-op; set allowMutableImageTags to accept them), but "ghcr.io/example/iris-server:latest" was provided',
    ]);
  });

  test('a violation in a model-wide setting is placed there and names the environment', () => {
    expect(problems(VALID.replace('cpu: 250m', 'cpu: lots'))).toEqual([
      'models.yaml:6:23: models.iris.resources.cpu must be a positive Kubernetes quantity such as "500m" or "2", but "lots" was provided (in environment staging)',
    ]);
  });

  test('weights no router can honour are refused at the versions list', () => {
    const text = VALID.replace('        gateway:\n          parentRefs: [{ name: public }]\n', '');
    expect(problems(text)).toEqual([
      expect.stringMatching(/^models\.yaml:10:11: models\.iris\.environments\.staging\.versions must have weights the stable Service can honour .*, but weights 1\.0\.0=80, 1\.1\.0=20 was provided$/),
    ]);
  });

  test('every problem is reported, in file order', () => {
    const text = VALID.replace('weight: 20', 'weight: 150').replace('namespace: models-staging', 'namespace: Models');
    expect(problems(text)).toEqual([
      'models.yaml:3:16: environments.staging.namespace must be a namespace name (DNS-1123 label), but "Models" was provided',
      'models.yaml:17:21: models.iris.environments.staging.versions[1].weight must be an integer between 0 and 100, but 150 was provided',
    ]);
  });

  test('loadModelsFile names a file it cannot read, and prefixes positions with the path it was given', () => {
    expect(() => loadModelsFile('/nonexistent/models.yaml')).toThrow('/nonexistent/models.yaml: cannot read the models file (ENOENT)');
    expect(() => parseModelsDocument(VALID.replace('weight: 20', 'weight: 150'), 'deploy/models.yaml')).toThrow(/^deploy\/models\.yaml:17:21: /);
  });
});

describe('the hardening settings in models.yaml', () => {
  test('darkLaunch, extraPublicPaths and routerCidrs load into the props', () => {
    const text = VALID.replace('            weight: 20\n', '            weight: 20\n          - version: 1.2.0\n            image: ghcr.io/example/iris-server:1.2.0\n            weight: 0\n            darkLaunch: true\n')
      .replace('    resources:', '    extraPublicPaths: [/docs]\n    networkPolicy: { routerCidrs: [10.0.0.0/16] }\n    resources:');
    const props = modelServingProps(parseModelsDocument(text).config, 'iris', 'staging');
    expect(props.versions[2]).toEqual({ version: '1.2.0', image: 'ghcr.io/example/iris-server:1.2.0', weight: 0, darkLaunch: true });
    expect(props.extraPublicPaths).toEqual(['/docs']);
    expect(props.networkPolicy).toEqual({ routerCidrs: ['10.0.0.0/16'] });
  });

  test('credentials in a model URI are refused at their line, and never echoed', () => {
    const found = problems(VALID.replace('            weight: 20\n', '            weight: 20\n            modelUri: https://bot:hunter2@models.example.com/iris\n'));
    expect(found).toEqual([expect.stringMatching(/^models\.yaml:18:23: models\.iris\.environments\.staging\.versions\[1\]\.modelUri must not carry credentials before the host .*, but "https:\/\/\*\*\*@models\.example\.com\/iris" was provided$/)]);
    expect(found.join('\n')).not.toContain('hunter2');
  });
});

describe('grpc in models.yaml', () => {
  const withGrpc = (grpc: string) => VALID.replace('    resources:', `    grpc: ${grpc}\n    resources:`);

  test('loads into the props', () => {
    const grpc = '{ port: 9000, parentRefs: [{ name: grpc-gateway }], extraPublicMethods: [grpc.reflection.v1.ServerReflection] }';
    const props = modelServingProps(parseModelsDocument(withGrpc(grpc)).config, 'iris', 'staging');
    expect(props.grpc).toEqual({ port: 9000, parentRefs: [{ name: 'grpc-gateway' }], extraPublicMethods: ['grpc.reflection.v1.ServerReflection'] });
  });

  test('an unknown key is refused by the schema, naming the known ones', () => {
    expect(problems(withGrpc('{ prot: 9000 }'))).toEqual([
      'models.yaml:6:13: models.iris.grpc key must be one of the known settings (port, parentRefs, hostnames, extraPublicMethods), but "prot" was provided',
    ]);
  });

  test('a GRPCRoute on the HTTPRoute\'s listener and hostnames is refused at the grpc line, naming the environment', () => {
    expect(problems(withGrpc('{ hostnames: [grpc.iris.example.com] }'))).toEqual([
      expect.stringMatching(/^models\.yaml:6:11: models\.iris\.grpc must give its GRPCRoute a hostname or listener the HTTPRoute does not use: .* \(in environment staging\)$/),
    ]);
  });
});

describe('under the model-serving CLI (MODEL_SERVING_MODELS_FILE set)', () => {
  const sample = join(__dirname, '..', '..', 'models.yaml');
  afterEach(() => { delete process.env.MODEL_SERVING_MODELS_FILE; });

  test('loading the file the CLI edited works; loading another one is refused, naming both', () => {
    process.env.MODEL_SERVING_MODELS_FILE = sample;
    expect(Object.keys(loadModelsFile(join(__dirname, '..', '..', '.', 'models.yaml')).environments)).toEqual(['staging', 'production']);
    process.env.MODEL_SERVING_MODELS_FILE = '/work/elsewhere/models.yaml';
    expect(() => loadModelsFile(sample)).toThrow(`loadModelsFile: the model-serving CLI edited /work/elsewhere/models.yaml, but this app loads ${sample}; load process.env.MODEL_SERVING_MODELS_FILE when it is set`);
  });
});
