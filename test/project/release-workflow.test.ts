/**
 * The release pipeline cannot run here (no GitHub runner, registry or Docker), so its structure is
 * checked instead: the trigger, the order of the steps, and that each step feeds the next (the
 * image digest reaches `model-serving release`). The tag-parsing script is run for real with bash.
 */
import { execFileSync } from 'child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { parse } from 'yaml';

const ROOT = join(__dirname, '..', '..');
const workflow = parse(readFileSync(join(ROOT, '.github', 'workflows', 'release-model.yml'), 'utf8'));
const steps: any[] = workflow.jobs.release.steps;

function stepIndex(predicate: (step: any) => boolean, what: string): number {
  const index = steps.findIndex(predicate);
  if (index < 0) throw new Error(`no step ${what} in release-model.yml`);
  return index;
}

const runs = (text: string) => (step: any) => typeof step.run === 'string' && step.run.includes(text);
const uses = (action: string) => (step: any) => typeof step.uses === 'string' && step.uses.startsWith(`${action}@`);

test('runs on pushed tags <model>-v<version> only', () => {
  expect(workflow.on).toEqual({ push: { tags: ['*-v*'] } });
});

test('asks for the permissions it uses and no others', () => {
  expect(workflow.permissions).toEqual({ 'contents': 'write', 'packages': 'write', 'pull-requests': 'write' });
});

test('builds and pushes the image, releases it by digest, synthesizes, then opens a pull request, in that order', () => {
  const build = stepIndex(uses('docker/build-push-action'), 'building the image');
  const release = stepIndex(runs('model-serving release'), 'running model-serving release');
  const synth = stepIndex(runs('cdk8s synth'), 'running cdk8s synth');
  const pr = stepIndex(uses('peter-evans/create-pull-request'), 'opening the pull request');
  expect([build < release, release < synth, synth < pr]).toEqual([true, true, true]);

  const buildStep = steps[build];
  expect(buildStep.with).toMatchObject({ context: '.', file: 'serving-image/Dockerfile', push: true });
  expect(existsSync(join(ROOT, buildStep.with.file))).toBe(true);
  // The released image is pinned by the digest this very build pushed, not by a movable tag.
  expect(steps[release].run).toContain(`@\${{ steps.${buildStep.id}.outputs.digest }}`);
  expect(steps[release].run).toMatch(/--image "[^"]+"/);
  expect(steps[release].run).toContain('--no-synth'); // synth is its own step, after it
  expect(steps[pr].with['add-paths'].split('\n').filter(Boolean)).toEqual(['models.yaml', 'dist/**']);
  expect(steps[pr].with.branch).toContain('${{ steps.tag.outputs.version }}');
});

test('builds the CLI before using it and edits the default branch, not the tagged commit', () => {
  const install = stepIndex(runs('npm run build'), 'building the CLI');
  const checkoutDefault = stepIndex(runs('git checkout "${{ github.event.repository.default_branch }}"'), 'switching to the default branch');
  const release = stepIndex(runs('model-serving release'), 'running model-serving release');
  expect(install).toBeLessThan(release);
  expect(checkoutDefault).toBeLessThan(release);
  expect(steps[stepIndex(uses('peter-evans/create-pull-request'), 'opening the pull request')].with.base).toBe('${{ github.event.repository.default_branch }}');
});

test('every action is pinned to a major version', () => {
  for (const step of steps.filter((s) => s.uses)) expect(step.uses).toMatch(/^[\w-]+\/[\w-]+@v\d+$/);
});

describe('the tag-parsing step', () => {
  const script: string = steps[stepIndex((s) => s.id === 'tag', 'with id tag')].run;

  function parseTag(tag: string): { status: number; outputs: Record<string, string> } {
    const dir = mkdtempSync(join(tmpdir(), 'release-tag-'));
    const output = join(dir, 'output');
    try {
      execFileSync('bash', ['-c', script], {
        env: { PATH: process.env.PATH, GITHUB_REF_NAME: tag, GITHUB_OUTPUT: output, GITHUB_REPOSITORY_OWNER: 'Example', REGISTRY: 'ghcr.io' },
        stdio: 'pipe',
      });
      const lines = readFileSync(output, 'utf8').trim().split('\n');
      return { status: 0, outputs: Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)])) };
    } catch (error) {
      return { status: (error as { status: number }).status, outputs: {} };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  test.each([
    ['iris-v1.2.0', 'iris', '1.2.0'],
    ['fraud-v2-v3.0.0-rc.1', 'fraud-v2', '3.0.0-rc.1'],
  ])('%s → model %s, version %s, image repository under the lowercased owner', (tag, model, version) => {
    expect(parseTag(tag)).toEqual({ status: 0, outputs: { model, version, image: `ghcr.io/example/${model}-server` } });
  });

  test.each(['Iris-v1.2.0', 'iris-v', 'iris-v1.2.0+build'])('%s is refused', (tag) => {
    expect(parseTag(tag).status).toBe(1);
  });
});
