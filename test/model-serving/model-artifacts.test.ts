import { find, irisProps, synthModel } from '../support/synth';

const podSpec = (objects: any[], name = 'iris-1-0-0') => find(objects, 'Deployment', name).spec.template.spec;

describe('model artifacts from a URI', () => {
  const withUri = (modelUri: string, modelStorage = {}) => podSpec(synthModel(irisProps({
    modelStorage, versions: [{ version: '1.0.0', image: 'ghcr.io/example/iris-server:1.0.0', modelUri }],
  })));

  test('s3:// is fetched by an init container into an emptyDir mounted read-only, with credentials from a Secret', () => {
    const spec = withUri('s3://models/iris/1.0.0', { credentialsSecretName: 'model-store' });
    expect(spec.initContainers).toHaveLength(1);
    expect(spec.initContainers[0]).toMatchObject({
      name: 'model-fetch', image: 'kserve/storage-initializer:v0.15.2', args: ['s3://models/iris/1.0.0', '/mnt/models'],
      env: [{ name: 'HOME', value: '/tmp' }], envFrom: [{ secretRef: { name: 'model-store' } }], securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false },
    });
    expect(spec.containers[0].volumeMounts).toContainEqual({ name: 'model', mountPath: '/mnt/models', readOnly: true });
    expect(spec.containers[0].env).toContainEqual({ name: 'MODEL_DIR', value: '/mnt/models' });
    expect(spec.volumes).toContainEqual({ name: 'model', emptyDir: {} });
  });

  test('pvc:// mounts the claim read-only at the model path, without an init container', () => {
    const spec = withUri('pvc://model-store/iris/1.0.0');
    expect(spec.initContainers).toBeUndefined();
    expect(spec.volumes).toContainEqual({ name: 'model', persistentVolumeClaim: { claimName: 'model-store', readOnly: true } });
    expect(spec.containers[0].volumeMounts).toContainEqual({ name: 'model', mountPath: '/mnt/models', readOnly: true, subPath: 'iris/1.0.0' });
  });

  test('gs:// with credentials mounts the Secret as a key file and points GOOGLE_APPLICATION_CREDENTIALS at it', () => {
    const spec = withUri('gs://models/iris/1.0.0', { credentialsSecretName: 'gcs-key' });
    const fetcher = spec.initContainers[0];
    expect(fetcher.env).toEqual([
      { name: 'HOME', value: '/tmp' },
      { name: 'GOOGLE_APPLICATION_CREDENTIALS', value: '/var/secrets/model-storage/gcloud-application-credentials.json' },
    ]);
    expect(fetcher.envFrom).toBeUndefined();
    expect(fetcher.volumeMounts).toContainEqual({ name: 'model-credentials', mountPath: '/var/secrets/model-storage', readOnly: true });
    expect(spec.volumes).toContainEqual({ name: 'model-credentials', secret: { secretName: 'gcs-key', defaultMode: 0o440 } });
    // Only the fetcher sees the key; the server never does.
    expect(JSON.stringify(spec.containers)).not.toContain('model-credentials');
  });

  test('gs:// honours a custom key name; without a Secret nothing is mounted (workload identity)', () => {
    expect(withUri('gs://models/iris', { credentialsSecretName: 'gcs-key', gcsCredentialsKey: 'key.json' }).initContainers[0].env)
      .toContainEqual({ name: 'GOOGLE_APPLICATION_CREDENTIALS', value: '/var/secrets/model-storage/key.json' });
    const spec = withUri('gs://models/iris');
    expect(spec.initContainers[0].env).toEqual([{ name: 'HOME', value: '/tmp' }]);
    expect(spec.volumes.map((v: any) => v.name)).toEqual(['tmp', 'model']);
  });

  test('the model URI is recorded on the Deployment', () => {
    const objects = synthModel(irisProps({ versions: [{ version: '1.0.0', image: 'ghcr.io/example/iris-server:1.0.0', modelUri: 'gs://bucket/iris' }] }));
    expect(find(objects, 'Deployment', 'iris-1-0-0').metadata.annotations!['model-serving.cdk8s.io/model-uri']).toBe('gs://bucket/iris');
  });
});
