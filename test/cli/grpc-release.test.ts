/**
 * With gRPC enabled, the HTTPRoute and the GRPCRoute carry the same weights and pin the same versions
 * at every step of a release, because both come from the one weight per version in models.yaml: the
 * real binary runs release (dark-launched) → promote 10 → promote 100 → rollback on a fixture where
 * staging gives gRPC a hostname of its own and production a listener of its own, and after each step
 * that synthesizes, dist/ is read back and both routes are compared with models.yaml.
 */
import { ProjectCopy, routeWeights } from './cli-harness';

jest.setTimeout(180_000);

const ENVIRONMENTS = ['staging', 'production'];
const part = (version: string) => version.replace(/\./g, '-');
const pinned = (route: any): string[] => route.spec.rules.filter((r: any) => r.name.startsWith('pin-')).map((r: any) => r.backendRefs[0].name);

let project: ProjectCopy;

beforeAll(() => {
  project = ProjectCopy.create('models-grpc.yaml');
});

afterAll(() => project?.remove());

function run(...args: string[]): string {
  const result = project.run(...args);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return result.stdout;
}

/** Both routes of an environment in dist/ agree with each other and with the weights of models.yaml. */
function expectRoutesFollowModels(env: string, weights: Record<string, number>): void {
  expect(project.weights(env)).toEqual(weights);
  const http = project.manifest(`${env}/HTTPRoute.iris.k8s.yaml`);
  const grpc = project.manifest(`${env}/GRPCRoute.iris.k8s.yaml`);
  const expected = Object.fromEntries(Object.entries(weights).map(([version, weight]) => [`iris-${part(version)}`, weight]));
  expect(routeWeights(http)).toEqual(expected);
  expect(routeWeights(grpc)).toEqual(expected);
  expect(pinned(grpc)).toEqual(pinned(http));
  for (const rule of grpc.spec.rules) for (const ref of rule.backendRefs) expect(ref.port).toBe(8081);
}

test('the committed fixture synthesizes a GRPCRoute next to each HTTPRoute, where the fixture attaches it', () => {
  expect(project.manifest('staging/GRPCRoute.iris.k8s.yaml').spec).toMatchObject({
    hostnames: ['grpc.iris.staging.example.com'], parentRefs: [{ name: 'public', namespace: 'gateway-system' }],
  });
  expect(project.manifest('production/GRPCRoute.iris.k8s.yaml').spec).toMatchObject({
    hostnames: ['iris.example.com'], parentRefs: [{ name: 'public', namespace: 'gateway-system', sectionName: 'grpc' }],
  });
  expect(project.manifest('production/GRPCRoute.iris.k8s.yaml').metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-wave': '2' });
  expectRoutesFollowModels('staging', { '1.0.0': 50, '1.1.0': 50 });
  expectRoutesFollowModels('production', { '1.0.0': 90, '1.1.0': 10 });
});

test('release --dark-launch: weight 0 in both routes, and pinnable in both (HTTP header or path, gRPC metadata)', () => {
  const stdout = run('release', 'iris', '--version', '1.2.0', '--image', 'ghcr.io/example/iris-server:1.2.0', '--dark-launch');
  expect(stdout).toContain('production: added iris 1.2.0 (ghcr.io/example/iris-server:1.2.0) at weight 0: dark launch, no traffic; only pinned requests reach it '
    + '(header x-model-version: 1.2.0, or /v2/models/iris/versions/1.2.0/...; over gRPC, metadata x-model-version: 1.2.0)');
  expectRoutesFollowModels('staging', { '1.0.0': 50, '1.1.0': 50, '1.2.0': 0 });
  expectRoutesFollowModels('production', { '1.0.0': 90, '1.1.0': 10, '1.2.0': 0 });
  expect(pinned(project.manifest('production/GRPCRoute.iris.k8s.yaml'))).toEqual(['iris-1-0-0', 'iris-1-1-0', 'iris-1-2-0']);
  project.commit('release iris 1.2.0, dark-launched');
});

test('promote 10 in production moves both routes; staging\'s stay', () => {
  run('promote', 'iris', '--version', '1.2.0', '--weight', '10', '--env', 'production');
  expectRoutesFollowModels('production', { '1.0.0': 81, '1.1.0': 9, '1.2.0': 10 });
  expectRoutesFollowModels('staging', { '1.0.0': 50, '1.1.0': 50, '1.2.0': 0 });
  project.commit('promote iris 1.2.0 to 10% in production');
});

test('promote 100 everywhere (--no-synth: synth is the slow part, the next step synthesizes)', () => {
  run('promote', 'iris', '--version', '1.2.0', '--no-synth');
  for (const env of ENVIRONMENTS) expect(project.weights(env)).toEqual({ '1.0.0': 0, '1.1.0': 0, '1.2.0': 100 });
  project.commit('promote iris 1.2.0 to 100%');
});

test('rollback restores the previous weights in both routes, from git', () => {
  const stdout = run('rollback', 'iris');
  expect(stdout).toContain('"promote iris 1.2.0 to 10% in production"');
  expectRoutesFollowModels('production', { '1.0.0': 81, '1.1.0': 9, '1.2.0': 10 });
  expectRoutesFollowModels('staging', { '1.0.0': 50, '1.1.0': 50, '1.2.0': 0 });
  expect(pinned(project.manifest('staging/GRPCRoute.iris.k8s.yaml'))).toEqual(['iris-1-0-0', 'iris-1-1-0', 'iris-1-2-0']);
  project.commit('rollback iris');
});
