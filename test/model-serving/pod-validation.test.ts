import { irisProps, synthError } from '../support/synth';

const withUri = (modelUri: string) => irisProps({ versions: [{ version: '1.0.0', image: 'ghcr.io/example/iris-server:1.0.0', modelUri }] });

describe('production settings are validated with the prop and the value', () => {
  test.each([
    ['rollout that cannot progress', irisProps({ rollout: { maxSurge: 0, maxUnavailable: 0 } }), 'rollout.maxUnavailable must be above 0 when rollout.maxSurge is 0 (or the rollout cannot progress), but 0 was provided'],
    ['negative minReadySeconds', irisProps({ rollout: { minReadySeconds: -1 } }), 'rollout.minReadySeconds must be an integer between 0 and 3600, but -1 was provided'],
    ['root user', irisProps({ security: { runAsUser: 0 } }), 'security.runAsUser must be an integer between 1 and 2147483647, but 0 was provided'],
    ['bad ServiceAccount name', irisProps({ security: { serviceAccountName: 'Iris SA' } }), 'security.serviceAccountName must be a ServiceAccount name (DNS-1123 subdomain), but "Iris SA" was provided'],
    ['bad router namespace', irisProps({ networkPolicy: { routerNamespaces: ['Ingress_NGINX'] } }), 'networkPolicy.routerNamespaces[0] must be a namespace name (DNS-1123 label), but "Ingress_NGINX" was provided'],
    ['bad Prometheus namespace', irisProps({ networkPolicy: { prometheusNamespace: '' } }), 'networkPolicy.prometheusNamespace must be a namespace name (DNS-1123 label), but "" was provided'],
    ['bad RuntimeClass', irisProps({ placement: { runtimeClassName: 'NVIDIA' } }), 'placement.runtimeClassName must be a RuntimeClass name (DNS-1123 subdomain), but "NVIDIA" was provided'],
    ['bad node selector key', irisProps({ placement: { nodeSelector: { 'gpu type': 'a100' } } }), 'placement.nodeSelector key must be a label key, but "gpu type" was provided'],
    ['unsupported model URI scheme', withUri('ftp://models/iris'), 'versions[0].modelUri must be an s3://bucket/path, gs://bucket/path, https://host/path or pvc://claim/path URI, but "ftp://models/iris" was provided'],
    ['plain http model URI', withUri('http://models.example.com/iris'), 'versions[0].modelUri must be an s3://bucket/path'],
    ['pvc URI without a claim', withUri('pvc:///iris'), 'versions[0].modelUri must be an s3://bucket/path'],
    ['pvc URI leaving the claim', withUri('pvc://claim/../x'), 'versions[0].modelUri must name a directory inside the claim without ".." segments (the path is mounted as a subPath of the claim, which cannot leave it): write it relative to the claim\'s root, e.g. pvc://claim/iris/1.0.0, but "pvc://claim/../x" was provided'],
    ['pvc URI with ".." deeper down', withUri('pvc://claim/iris/../../etc'), 'versions[0].modelUri must name a directory inside the claim without ".." segments'],
    ['credentials in an https URI', withUri('https://user:s3cret@models.example.com/iris.onnx'), 'versions[0].modelUri must not carry credentials before the host ("user:password@"): they would be committed to git and shown on the Deployment; put them in the Secret named by modelStorage.credentialsSecretName, but "https://***@models.example.com/iris.onnx" was provided'],
    ['credentials in an s3 URI', withUri('s3://AKIAEXAMPLE:secret@bucket/iris'), 'versions[0].modelUri must not carry credentials before the host'],
    ['a bad router CIDR', irisProps({ networkPolicy: { routerCidrs: ['10.0.0.0/33'] } }), 'networkPolicy.routerCidrs[0] must be an IPv4 or IPv6 CIDR such as "10.0.0.0/16" or "fd00::/8", but "10.0.0.0/33" was provided'],
    ['a router address without prefix length', irisProps({ networkPolicy: { routerCidrs: ['10.0.0.1'] } }), 'networkPolicy.routerCidrs[0] must be an IPv4 or IPv6 CIDR'],
    ['a bad GCS key name', irisProps({ modelStorage: { gcsCredentialsKey: 'key file.json' } }), 'modelStorage.gcsCredentialsKey must be a Secret key (letters, digits, "-", "_", "."), but "key file.json" was provided'],
    ['fetch image :latest', irisProps({ modelStorage: { fetchImage: 'kserve/storage-initializer:latest' } }), 'modelStorage.fetchImage must name a fixed tag or a digest'],
    ['relative model mount path', irisProps({ modelStorage: { mountPath: 'models' } }), 'modelStorage.mountPath must be an absolute path, but "models" was provided'],
    ['bad fetch size limit', irisProps({ modelStorage: { sizeLimit: '10 GB' } }), 'modelStorage.sizeLimit must be a positive Kubernetes quantity such as "512Mi" or "4Gi", but "10 GB" was provided'],
    ['probe path without slash', irisProps({ probes: { readinessPath: 'ready' } }), 'probes.readinessPath must be an absolute path, but "ready" was provided'],
    ['startup timeout too short', irisProps({ probes: { startupTimeoutSeconds: 1 } }), 'probes.startupTimeoutSeconds must be an integer between 5 and 86400, but 1 was provided'],
    ['negative drain delay', irisProps({ drainDelaySeconds: -1 }), 'drainDelaySeconds must be an integer between 0 and 300, but -1 was provided'],
    ['zero request timeout', irisProps({ requestTimeoutSeconds: 0 }), 'requestTimeoutSeconds must be an integer between 1 and 3600, but 0 was provided'],
    ['PDB allowing zero evictions', irisProps({ disruptionBudget: { maxUnavailable: 0 } }), 'disruptionBudget.maxUnavailable must be an integer between 1 and 1000, but 0 was provided'],
    ['bad scrape interval', irisProps({ monitoring: { serviceMonitor: true, interval: '30 seconds' } }), 'monitoring.interval must be a Prometheus duration such as "30s", but "30 seconds" was provided'],
    ['bad image pull secret', irisProps({ placement: { imagePullSecrets: ['Registry Creds'] } }), 'placement.imagePullSecrets[0] must be a Secret name (DNS-1123 subdomain), but "Registry Creds" was provided'],
  ])('%s', (_what, props, expected) => {
    expect(synthError(props)).toContain(`ModelServing "iris": ${expected}`);
  });

  test('a password in a model URI never reaches the error message', () => {
    expect(synthError(withUri('https://user:s3cret@models.example.com/iris.onnx'))).not.toContain('s3cret');
  });
});
