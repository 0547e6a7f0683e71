/**
 * The release workflow end to end, with the real binary on a copy of the project: release →
 * promote 10 → 50 → 100 → rollback → retire, checking models.yaml (values and that only the
 * intended lines changed) and dist/ after each step. Each step is committed, standing in for
 * the merged pull request, so rollback reads a real git history. Most steps use --no-synth
 * (synth takes seconds); the ones that synthesize check dist/ follows models.yaml.
 */
import { ProjectCopy, routeWeights } from './cli-harness';

const pinRules = (route: any): string[] => route.spec.rules.map((r: any) => r.name).filter((name: string) => name.startsWith('pin-'));

jest.setTimeout(120_000);

// The form the release pipeline writes: tag for people, digest for the cluster.
const DIGEST = `ghcr.io/example/iris-server:1.2.0@sha256:${'a1'.repeat(32)}`;

let project: ProjectCopy;

beforeAll(() => {
  project = ProjectCopy.create();
});

afterAll(() => project?.remove());

test('synthesizing models.yaml reproduces the committed dist/', () => {
  project.synth();
  expect(project.changes()).toBe('');
});

test('release adds the version to every environment at weight 0, and synth deploys it without traffic', () => {
  const result = project.run('release', 'iris', '--version', '1.2.0', '--image', DIGEST);

  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  expect(result.stdout).toContain(`staging: added iris 1.2.0 (${DIGEST}) at weight 0: deployed and warm, receives no request (promote it, or release with --dark-launch to pin it for tests)`);
  expect(result.stdout).toContain('production: added iris 1.2.0');
  // A minimal edit: three lines per environment, nothing else touched (comments included).
  expect(project.modelsDiff()).toEqual([
    '+          - version: 1.2.0', `+            image: ${DIGEST}`, '+            weight: 0',
    '+          - version: 1.2.0', `+            image: ${DIGEST}`, '+            weight: 0',
  ]);
  expect(project.read('models.yaml')).toContain('# One chart and one dist/<name>/ folder per environment.');
  for (const env of ['staging', 'production']) {
    expect(project.manifest(`${env}/Deployment.iris-1-2-0.k8s.yaml`).spec.template.spec.containers[0].image).toBe(DIGEST);
  }
  expect(routeWeights(project.manifest('production/HTTPRoute.iris.k8s.yaml'))).toEqual({ 'iris-1-0-0': 90, 'iris-1-1-0': 10, 'iris-1-2-0': 0 });
  // Nobody decided to expose it: no pin rule, so no request reaches it, pinned or not.
  expect(pinRules(project.manifest('production/HTTPRoute.iris.k8s.yaml'))).toEqual(['pin-1-0-0', 'pin-1-1-0']);
  // The NGINX canary keeps splitting 1.0.0 / 1.1.0: a weight-0 version is not routed.
  expect(project.manifest('staging/Ingress.iris-canary.k8s.yaml').metadata.annotations['nginx.ingress.kubernetes.io/canary-weight']).toBe('50');
  project.commit('release iris 1.2.0');
});

test('promote 10 moves 10% to the new version, the others keep their ratio (--no-synth leaves dist/ alone)', () => {
  const result = project.run('promote', 'iris', '--version', '1.2.0', '--weight', '10', '--env', 'production', '--no-synth');

  expect(result.status).toBe(0);
  expect(result.stdout).toContain('production: iris 1.0.0 90 → 81, 1.1.0 10 → 9, 1.2.0 0 → 10');
  expect(project.weights('production')).toEqual({ '1.0.0': 81, '1.1.0': 9, '1.2.0': 10 });
  expect(project.weights('staging')).toEqual({ '1.0.0': 50, '1.1.0': 50, '1.2.0': 0 });
  expect(project.modelsDiff()).toEqual([
    '-            weight: 90', '+            weight: 81',
    '-            weight: 10', '+            weight: 9',
    '-            weight: 0', '+            weight: 10',
  ]);
  expect(project.changes()).toBe(' M models.yaml\n');
  project.commit('promote iris 1.2.0 to 10%');
});

test('promote 50 re-synthesizes the HTTPRoute with the new weights', () => {
  const result = project.run('promote', 'iris', '--version', '1.2.0', '--weight', '50', '--env', 'production');

  expect(result.status).toBe(0);
  expect(project.weights('production')).toEqual({ '1.0.0': 45, '1.1.0': 5, '1.2.0': 50 });
  expect(routeWeights(project.manifest('production/HTTPRoute.iris.k8s.yaml'))).toEqual({ 'iris-1-0-0': 45, 'iris-1-1-0': 5, 'iris-1-2-0': 50 });
  // With traffic, 1.2.0 can be pinned.
  expect(pinRules(project.manifest('production/HTTPRoute.iris.k8s.yaml'))).toEqual(['pin-1-0-0', 'pin-1-1-0', 'pin-1-2-0']);
  project.commit('promote iris 1.2.0 to 50%');
});

test('promote 100 (the default weight) sets the old versions to 0 and keeps them declared until retire', () => {
  const result = project.run('promote', 'iris', '--version', '1.2.0', '--env', 'production', '--no-synth');

  expect(result.status).toBe(0);
  expect(result.stdout).toContain('synth skipped');
  expect(project.weights('production')).toEqual({ '1.0.0': 0, '1.1.0': 0, '1.2.0': 100 });
  expect(project.changes()).toBe(' M models.yaml\n');
  project.commit('promote iris 1.2.0 to 100%');
});

test('rollback restores the weights of the previous revision from git', () => {
  const result = project.run('rollback', 'iris');

  expect(result.status).toBe(0);
  expect(result.stdout).toContain('restoring the weights of');
  expect(result.stdout).toContain('"promote iris 1.2.0 to 50%"');
  expect(result.stdout).toContain('staging: iris weights unchanged');
  expect(project.weights('production')).toEqual({ '1.0.0': 45, '1.1.0': 5, '1.2.0': 50 });
  expect(project.weights('staging')).toEqual({ '1.0.0': 50, '1.1.0': 50, '1.2.0': 0 });
  expect(routeWeights(project.manifest('production/HTTPRoute.iris.k8s.yaml'))).toEqual({ 'iris-1-0-0': 45, 'iris-1-1-0': 5, 'iris-1-2-0': 50 });
  project.commit('rollback iris');
});

test('rollback --to sends all traffic to one version', () => {
  const result = project.run('rollback', 'iris', '--to', '1.2.0', '--env', 'production', '--no-synth');

  expect(result.status).toBe(0);
  expect(project.weights('production')).toEqual({ '1.0.0': 0, '1.1.0': 0, '1.2.0': 100 });
  expect(project.changes()).toBe(' M models.yaml\n');
  project.commit('rollback iris to 1.2.0');
});

test('retire removes a weight-0 version, and synth deletes its objects', () => {
  const result = project.run('retire', 'iris', '--version', '1.0.0', '--env', 'production');

  expect(result.status).toBe(0);
  expect(result.stdout).toContain('production: retired iris 1.0.0');
  expect(project.weights('production')).toEqual({ '1.1.0': 0, '1.2.0': 100 });
  expect(project.modelsDiff()).toEqual([
    '-          - version: 1.0.0', '-            image: ghcr.io/example/iris-server:1.0.0', '-            weight: 0', '-            replicas: 2',
  ]);
  for (const kind of ['Deployment', 'Service', 'HorizontalPodAutoscaler', 'PodDisruptionBudget']) {
    expect(project.manifest(`production/${kind}.iris-1-0-0.k8s.yaml`)).toBeUndefined();
  }
  expect(project.manifest('staging/Deployment.iris-1-0-0.k8s.yaml')).toBeDefined();
  expect(routeWeights(project.manifest('production/HTTPRoute.iris.k8s.yaml'))).toEqual({ 'iris-1-1-0': 0, 'iris-1-2-0': 100 });
});

test('rollback past a retire restores the ratio of the versions still declared and says which one is gone', () => {
  project.commit('retire iris 1.0.0 in production');
  const result = project.run('rollback', 'iris', '--env', 'production', '--no-synth');

  expect(result.status).toBe(0);
  expect(result.stdout).toContain('"rollback iris"'); // the last revision with other weights: 1.0.0=45, 1.1.0=5, 1.2.0=50
  expect(result.stdout).toContain('note: retired since, so not restored (their share went to the others in proportion): production 1.0.0');
  expect(project.weights('production')).toEqual({ '1.1.0': 9, '1.2.0': 91 });
  project.run('rollback', 'iris', '--to', '1.2.0', '--env', 'production', '--no-synth');
});

test('status shows every version with its weight, traffic share, replicas and image', () => {
  const result = project.run('status', 'iris', '--env', 'production');

  expect(result.status).toBe(0);
  expect(result.stdout.trimEnd().split('\n')).toEqual([
    expect.stringMatching(/^MODEL\s+ENVIRONMENT\s+VERSION\s+WEIGHT\s+TRAFFIC\s+REPLICAS\s+IMAGE$/),
    expect.stringMatching(/^iris\s+production\s+1\.1\.0\s+0\s+0%\s+1-10 \(HPA\)\s+ghcr\.io\/example\/iris-server:1\.1\.0$/),
    expect.stringMatching(new RegExp(`^iris\\s+production\\s+1\\.2\\.0\\s+100\\s+100%\\s+2-10 \\(HPA\\)\\s+${DIGEST.replace(/[.@/]/g, '\\$&')}$`)),
  ]);
});

test('release --dark-launch deploys a version at weight 0 that only pinned requests reach', () => {
  const result = project.run('release', 'iris', '--version', '1.3.0', '--image', 'ghcr.io/example/iris-server:1.3.0', '--env', 'production', '--dark-launch');

  expect(result.stderr).toBe('');
  expect(result.stdout).toContain('production: added iris 1.3.0 (ghcr.io/example/iris-server:1.3.0) at weight 0: dark launch, no traffic; only pinned requests reach it '
    + '(header x-model-version: 1.3.0, or /v2/models/iris/versions/1.3.0/...)');
  expect(project.modelsDiff()).toEqual(expect.arrayContaining(['+            darkLaunch: true']));
  const route = project.manifest('production/HTTPRoute.iris.k8s.yaml');
  expect(routeWeights(route)['iris-1-3-0']).toBe(0);
  expect(pinRules(route)).toContain('pin-1-3-0');
  expect(project.run('status', 'iris', '--env', 'production').stdout).toMatch(/^iris\s+production\s+1\.3\.0\s+0\s+0% \(pinned only\)\s+/m);
});
