import { ModelServingProps } from '../../lib';
import { irisProps, synthError, synthModel } from '../support/synth';

const v = (version: string, extra: object = {}) => ({ version, image: `ghcr.io/example/iris-server:${version}`, weight: 50, ...extra });
const withVersion = (extra: object) => irisProps({ versions: [v('1.0.0', extra), v('1.1.0')] });

/** [what is wrong, props, the exact line the error must contain]. */
const BAD_PROPS: Array<[string, ModelServingProps, string]> = [
  ['model name with uppercase', irisProps({ modelName: 'Iris' }), 'modelName must be a DNS-1035 label (lowercase letters, digits and "-", starting with a letter, at most 63 characters), but "Iris" was provided'],
  ['model name starting with a digit', irisProps({ modelName: '1iris' }), 'modelName must be a DNS-1035 label'],
  ['no versions', irisProps({ versions: [] }), 'versions must list at least one version, but [] was provided'],
  ['duplicate versions', irisProps({ versions: [v('1.0.0'), v('1.0.0')] }), 'versions[1].version must be unique (it maps to the same object names as versions[0] "1.0.0"), but "1.0.0" was provided'],
  ['versions colliding after name mapping', irisProps({ versions: [v('1.0.0'), v('1-0-0')] }), 'versions[1].version must be unique'],
  ['version with a plus sign', irisProps({ versions: [v('1.0.0+build.5')] }), 'versions[0].version must be a label value (letters, digits, ".", "-", "_", at most 63 characters, alphanumeric at both ends), but "1.0.0+build.5" was provided'],
  ['empty version', irisProps({ versions: [v('')] }), 'versions[0].version must be a label value'],
  ['version too long for an object name', irisProps({ versions: [v('1.0.0-' + 'a'.repeat(55))] }), 'versions[0].version must keep the object name "iris-1-0-0-aaaa'],
  ['empty image', withVersion({ image: '' }), 'versions[0].image must be an image reference such as "ghcr.io/org/server:1.0.0" or "repo@sha256:<digest>", but "" was provided'],
  ['image with a scheme', withVersion({ image: 'https://ghcr.io/iris:1' }), 'versions[0].image must be an image reference'],
  ['image with uppercase repository', withVersion({ image: 'ghcr.io/Example/iris:1' }), 'versions[0].image must be an image reference'],
  ['image without tag', withVersion({ image: 'ghcr.io/example/iris-server' }), 'versions[0].image must name a fixed tag or a digest (":latest" and untagged images make a git revert a no-op; set allowMutableImageTags to accept them), but "ghcr.io/example/iris-server" was provided'],
  ['image :latest', withVersion({ image: 'ghcr.io/example/iris-server:latest' }), 'versions[0].image must name a fixed tag or a digest'],
  ['negative weight', withVersion({ weight: -5 }), 'versions[0].weight must be an integer between 0 and 1000000, but -5 was provided'],
  ['fractional weight', withVersion({ weight: 0.5 }), 'versions[0].weight must be an integer between 0 and 1000000, but 0.5 was provided'],
  ['all weights zero', irisProps({ versions: [v('1.0.0', { weight: 0 }), v('1.1.0', { weight: 0 })] }), 'versions must give at least one version a weight above 0, but weights [0,0] was provided'],
  ['missing weight with several versions', irisProps({ versions: [v('1.0.0', { weight: undefined }), v('1.1.0')] }), 'versions[0].weight must be set when several versions are served, but nothing was provided'],
  ['negative replicas', withVersion({ replicas: -1 }), 'versions[0].replicas must be an integer between 0 and 1000, but -1 was provided'],
  ['fractional replicas', withVersion({ replicas: 1.5 }), 'versions[0].replicas must be an integer between 0 and 1000, but 1.5 was provided'],
  ['port out of range', irisProps({ port: 70000 }), 'port must be an integer between 1 and 65535, but 70000 was provided'],
  ['port zero', irisProps({ servicePort: 0 }), 'servicePort must be an integer between 1 and 65535, but 0 was provided'],
  ['metrics port equal to the serving port', irisProps({ metricsPort: 8080 }), 'metricsPort must differ from port, but 8080 was provided'],
  ['service port equal to the metrics port', irisProps({ servicePort: 9090 }), 'servicePort must differ from metricsPort (9090): the version Services expose both, but 9090 was provided'],
  ['autoscaling min above max', irisProps({ autoscaling: { minReplicas: 5, maxReplicas: 3 } }), 'autoscaling.minReplicas must be at most autoscaling.maxReplicas (3), but 5 was provided'],
  ['autoscaling min below 1', irisProps({ autoscaling: { minReplicas: 0, maxReplicas: 3 } }), 'autoscaling.minReplicas must be an integer between 1 and 1000, but 0 was provided'],
  ['autoscaling target above 100', irisProps({ autoscaling: { maxReplicas: 3, targetCpuUtilizationPercent: 150 } }), 'autoscaling.targetCpuUtilizationPercent must be an integer between 1 and 100, but 150 was provided'],
  ['version replicas above the HPA maximum', irisProps({ autoscaling: { maxReplicas: 3 }, versions: [v('1.0.0', { replicas: 4 }), v('1.1.0')] }), 'versions[0].replicas must be at most autoscaling.maxReplicas (3)'],
  ['bad CPU quantity', irisProps({ resources: { cpu: 'lots' } }), 'resources.cpu must be a positive Kubernetes quantity such as "500m" or "2", but "lots" was provided'],
  ['CPU finer than a millicore', irisProps({ resources: { cpu: '0.0001' } }), 'resources.cpu must be a positive Kubernetes quantity'],
  ['bad memory quantity', irisProps({ resources: { memory: '512MB' } }), 'resources.memory must be a positive Kubernetes quantity such as "512Mi" or "4Gi", but "512MB" was provided'],
  ['memory limit below the request', irisProps({ resources: { memory: '1Gi', memoryLimit: '512Mi' } }), 'resources.memoryLimit must be at least the memory request (1Gi), but "512Mi" was provided'],
  ['per-version CPU limit below the request', withVersion({ resources: { cpu: '2', cpuLimit: '1' } }), 'versions[0].resources.cpuLimit must be at least the CPU request (2), but "1" was provided'],
  ['fractional GPU', irisProps({ resources: { gpu: 0.5 } }), 'resources.gpu must be an integer between 0 and 64, but 0.5 was provided'],
  ['unknown serviceType', irisProps({ serviceType: 'ExternalName' as never }), 'serviceType must be one of "ClusterIP", "LoadBalancer", "NodePort", but "ExternalName" was provided'],
  ['ingress host with a scheme', irisProps({ ingress: { host: 'https://iris.example.com' } }), 'ingress.host must be a lowercase host name without scheme, port or path (e.g. "iris.example.com"), but "https://iris.example.com" was provided'],
  ['ingress host in uppercase', irisProps({ ingress: { host: 'Iris.Example.com' } }), 'ingress.host must be a lowercase host name'],
  ['ingress path without slash', irisProps({ ingress: { host: 'iris.example.com', path: 'predict' } }), 'ingress.path must be an absolute path starting with "/" (URI path characters only), but "predict" was provided'],
  ['bad TLS secret name', irisProps({ ingress: { host: 'iris.example.com', tlsSecretName: 'Iris_TLS' } }), 'ingress.tlsSecretName must be a Secret name (DNS-1123 subdomain), but "Iris_TLS" was provided'],
  ['env var reserved by the construct', irisProps({ env: { MODEL_NAME: 'other' } }), 'env.MODEL_NAME must not be set: the construct sets MODEL_NAME'],
  ['env var with a bad name', irisProps({ env: { 'bad-name': 'x' } }), 'env key must be an environment variable name'],
  ['label overriding a selector label', irisProps({ labels: { 'app.kubernetes.io/name': 'x' } }), 'labels key must not override the app.kubernetes.io labels the construct sets, but "app.kubernetes.io/name" was provided'],
];

describe('ModelServing rejects bad props at synth time with the prop and the value', () => {
  test.each(BAD_PROPS)('%s', (_what, props, expected) => {
    expect(synthError(props)).toContain(`ModelServing "${props.modelName}": ${expected}`);
  });

  test('every violation is reported at once, one per line', () => {
    const message = synthError(irisProps({ port: 0, metricsPort: 0, modelName: 'Bad' }));
    expect(message.split('\n')).toEqual([
      expect.stringContaining('modelName must be'),
      expect.stringContaining('port must be'),
      expect.stringContaining('metricsPort must be an integer'),
      expect.stringContaining('metricsPort must differ'),
    ]);
  });

  test('digests and mutable tags, when explicitly allowed, are accepted', () => {
    const digest = `ghcr.io/example/iris-server@sha256:${'a'.repeat(64)}`;
    expect(() => synthModel(irisProps({ versions: [{ version: '1.0.0', image: digest }] }))).not.toThrow();
    expect(() => synthModel(irisProps({ allowMutableImageTags: true, versions: [{ version: '1.0.0', image: 'iris:latest' }] }))).not.toThrow();
    expect(() => synthModel(irisProps({ versions: [{ version: '1.0.0', image: 'localhost:5000/iris:1.0.0' }] }))).not.toThrow();
  });
});
