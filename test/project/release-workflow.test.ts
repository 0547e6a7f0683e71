/**
 * The GitHub workflows cannot run here (no GitHub runner, registry or Docker), so their structure
 * is checked instead. For every workflow in .github/workflows/: a read-only token by default and
 * writes only on the jobs that use them, no checkout that keeps the token, every action pinned to
 * a full commit SHA, no dependency install scripts, no dependency cache where a job can write, and
 * nothing written before the tagged commit is known to be on the default branch. Then the release
 * pipeline's own order and data flow, and the publish workflow's. The shell steps that decide (tag
 * parsing, the default-branch check, the version check) are run for real with bash and git.
 */
import { execFileSync, spawnSync } from 'child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { parse } from 'yaml';

const ROOT = join(__dirname, '..', '..');
const WORKFLOWS = join(ROOT, '.github', 'workflows');
const files = readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f)).sort();
const read = (file: string) => readFileSync(join(WORKFLOWS, file), 'utf8');
const load = (file: string) => parse(read(file));

type Step = { id?: string; name?: string; uses?: string; run?: string; with?: Record<string, any>; env?: Record<string, string> };
type Job = { permissions?: Record<string, string>; needs?: string | string[]; steps: Step[]; if?: string; environment?: string };

const runs = (text: string) => (step: Step) => typeof step.run === 'string' && step.run.includes(text);
const uses = (action: string) => (step: Step) => typeof step.uses === 'string' && step.uses.startsWith(`${action}@`);
const needsOf = (job: Job): string[] => (job.needs === undefined ? [] : Array.isArray(job.needs) ? job.needs : [job.needs]);

/** Every job a job waits for, directly or not. */
function upstream(jobs: Record<string, Job>, name: string): Set<string> {
  const seen = new Set<string>();
  const visit = (n: string) => needsOf(jobs[n]).forEach((d) => { if (!seen.has(d)) { seen.add(d); visit(d); } });
  visit(name);
  return seen;
}

/** What each write permission is for: a job may hold it only if one of its steps does that. */
const WRITE_USES: Record<string, (step: Step) => boolean> = {
  'packages': (s) => uses('docker/build-push-action')(s) && s.with?.push === true,
  'contents': uses('peter-evans/create-pull-request'),
  'pull-requests': uses('peter-evans/create-pull-request'),
  'id-token': runs('npm publish --provenance'),
};

const isDefaultBranchCheck = (step: Step) => runs('git merge-base --is-ancestor "$GITHUB_SHA" "refs/remotes/origin/$DEFAULT_BRANCH"')(step)
  && runs('git fetch')(step) && runs('refs/heads/$DEFAULT_BRANCH')(step);

test('there are workflows to check: the model release and the package publish', () => {
  expect(files).toEqual(expect.arrayContaining(['publish.yml', 'release-model.yml']));
});

describe.each(files)('%s', (file) => {
  const workflow = load(file);
  const jobs: Record<string, Job> = workflow.jobs;
  const allSteps = Object.values(jobs).flatMap((job) => job.steps);

  test('the token is read-only unless a job says otherwise', () => {
    expect(workflow.permissions).toEqual({ contents: 'read' });
  });

  test('each write permission is on a job that uses it, and only there', () => {
    for (const [name, job] of Object.entries(jobs)) {
      const writes = Object.entries(job.permissions ?? {}).filter(([, level]) => level === 'write').map(([scope]) => scope);
      for (const scope of writes) {
        expect(Object.keys(WRITE_USES)).toContain(scope);
        if (!job.steps.some(WRITE_USES[scope])) throw new Error(`${file}: job ${name} has ${scope}: write but no step that needs it`);
      }
      for (const [scope, needsWrite] of Object.entries(WRITE_USES)) {
        if (job.steps.some(needsWrite)) expect({ job: name, scope, level: job.permissions?.[scope] }).toEqual({ job: name, scope, level: 'write' });
      }
    }
  });

  test('no checkout keeps the token in .git/config: persist-credentials: false on every checkout', () => {
    const checkouts = allSteps.filter(uses('actions/checkout'));
    expect(checkouts.length).toBeGreaterThan(0);
    for (const step of checkouts) expect(step.with?.['persist-credentials']).toBe(false);
  });

  test('every action is pinned to a full commit SHA, its release named in a comment', () => {
    const lines = read(file).split('\n').filter((line) => /^\s*(-\s+)?uses:/.test(line));
    expect(lines.length).toBe(allSteps.filter((s) => s.uses).length);
    for (const line of lines) expect(line).toMatch(/uses: [\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
  });

  test('one release per action: the same action is pinned to the same commit everywhere', () => {
    const pins = new Map<string, Set<string>>();
    for (const step of allSteps.filter((s) => s.uses)) {
      const [action, sha] = step.uses!.split('@');
      pins.set(action, (pins.get(action) ?? new Set()).add(sha));
    }
    for (const [action, shas] of pins) expect({ action, shas: shas.size }).toEqual({ action, shas: 1 });
  });

  test("dependencies' install scripts never run: every npm install and npm ci has --ignore-scripts", () => {
    const installs = allSteps.flatMap((s) => (s.run ?? '').split('\n')).filter((line) => /\bnpm (ci|install|i)\b/.test(line));
    expect(installs.length).toBeGreaterThan(0);
    for (const line of installs) expect(line).toContain('--ignore-scripts');
  });

  test('no job restores a dependency cache (setup-node caches npm by default when devEngines names it)', () => {
    for (const step of allSteps.filter(uses('actions/setup-node'))) {
      expect(step.with?.['package-manager-cache']).toBe(false);
      expect(step.with?.cache).toBeUndefined();
    }
  });

  // A tag or a release can point at any commit, even one never merged; a schedule or a manual run
  // starts from a branch, and a job that writes must start from the default branch by name.
  const triggeredByTag = workflow.on?.push?.tags !== undefined || workflow.on?.release !== undefined;

  (triggeredByTag ? test.skip : test)('every job that writes checks out the default branch by name', () => {
    for (const [name, job] of Object.entries(jobs)) {
      if (!Object.values(job.permissions ?? {}).includes('write')) continue;
      const checkouts = job.steps.filter(uses('actions/checkout'));
      expect(checkouts.length).toBeGreaterThan(0);
      for (const step of checkouts) expect({ job: name, ref: step.with?.ref }).toEqual({ job: name, ref: '${{ env.DEFAULT_BRANCH }}' });
    }
    expect(workflow.env?.DEFAULT_BRANCH).toMatch(/github\.event\.repository\.default_branch/);
  });

  (triggeredByTag ? test : test.skip)('nothing is written before the tagged commit is known to be on the default branch', () => {
    const checking = Object.entries(jobs).filter(([, job]) => job.steps.some(isDefaultBranchCheck)).map(([name]) => name);
    expect(checking).toHaveLength(1);
    const [checker] = checking;
    // The check needs the history of the tagged commit.
    expect(jobs[checker].steps.find(uses('actions/checkout'))?.with?.['fetch-depth']).toBe(0);
    for (const [name, job] of Object.entries(jobs)) {
      const writes = Object.values(job.permissions ?? {}).includes('write');
      if (writes) expect({ job: name, waitsForTheCheck: upstream(jobs, name).has(checker) }).toEqual({ job: name, waitsForTheCheck: true });
    }
  });

  (triggeredByTag ? describe : describe.skip)('the default-branch check, run with git', () => {
    const step = Object.values(jobs).flatMap((j) => j.steps).find(isDefaultBranchCheck)!;
    let dir: string;
    const git = (cwd: string, ...args: string[]) => execFileSync('git', args, {
      cwd, encoding: 'utf8', stdio: 'pipe',
      env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' },
    }).trim();
    const commit = (cwd: string, message: string) => { git(cwd, 'commit', '-q', '--allow-empty', '-m', message); return git(cwd, 'rev-parse', 'HEAD'); };
    let merged: string;
    let older: string;
    let unmerged: string;

    beforeAll(() => {
      // origin: main has `older` then `merged`; the branch `feature` has `unmerged`, never merged.
      dir = mkdtempSync(join(tmpdir(), 'release-default-branch-'));
      const seed = join(dir, 'seed');
      git(dir, 'init', '-q', '-b', 'main', seed);
      older = commit(seed, 'older');
      merged = commit(seed, 'merged');
      git(seed, 'checkout', '-q', '-b', 'feature');
      unmerged = commit(seed, 'unmerged');
      git(dir, 'clone', '-q', '--bare', seed, join(dir, 'origin.git'));
    });

    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    function check(sha: string): number {
      // A checkout of the tagged commit that knows nothing of the default branch yet.
      const work = mkdtempSync(join(dir, 'work-'));
      git(work, 'init', '-q');
      git(work, 'remote', 'add', 'origin', join(dir, 'origin.git'));
      git(work, 'fetch', '-q', '--no-tags', 'origin', sha);
      git(work, 'checkout', '-q', sha);
      const result = spawnSync('bash', ['-c', step.run!], {
        cwd: work, encoding: 'utf8',
        env: { PATH: process.env.PATH, HOME: process.env.HOME, GITHUB_SHA: sha, GITHUB_REF_NAME: 'iris-v1.2.0', GITHUB_SERVER_URL: 'https://github.com', DEFAULT_BRANCH: 'main', GITHUB_TOKEN: 'not-a-token' },
      });
      return result.status ?? -1;
    }

    test('passes for the head of the default branch and for an older commit on it', () => {
      expect(step.env).toMatchObject({ DEFAULT_BRANCH: '${{ github.event.repository.default_branch }}', GITHUB_TOKEN: '${{ github.token }}' });
      expect([check(merged), check(older)]).toEqual([0, 0]);
    });

    test('refuses a commit that is not on the default branch', () => {
      expect(check(unmerged)).toBe(1);
    });
  });
});

describe('release-model.yml', () => {
  const workflow = load('release-model.yml');
  const jobs: Record<string, Job> = workflow.jobs;

  function find(predicate: (step: Step) => boolean, what: string): { job: string; index: number; step: Step } {
    for (const [job, { steps }] of Object.entries(jobs)) {
      const index = steps.findIndex(predicate);
      if (index >= 0) return { job, index, step: steps[index] };
    }
    throw new Error(`no step ${what} in release-model.yml`);
  }

  test('runs on pushed tags <model>-v<version> only', () => {
    expect(workflow.on).toEqual({ push: { tags: ['*-v*'] } });
  });

  test('checks, then builds and pushes the image, then releases it by digest, synthesizes and opens a pull request, in that order', () => {
    const parse = find((s) => s.id === 'tag', 'parsing the tag');
    const build = find(uses('docker/build-push-action'), 'building the image');
    const release = find(runs('model-serving release'), 'running model-serving release');
    const synth = find(runs('cdk8s synth'), 'running cdk8s synth');
    const pr = find(uses('peter-evans/create-pull-request'), 'opening the pull request');
    expect(upstream(jobs, build.job)).toContain(parse.job);
    expect(upstream(jobs, release.job)).toEqual(new Set([parse.job, build.job]));
    expect([release.job, synth.job]).toEqual([pr.job, pr.job]);
    expect([release.index < synth.index, synth.index < pr.index]).toEqual([true, true]);

    expect(build.step.with).toMatchObject({ context: '.', file: 'serving-image/Dockerfile', push: true });
    expect(existsSync(join(ROOT, build.step.with!.file))).toBe(true);
    // The released image is pinned by the digest this very build pushed, not by a movable tag.
    expect(jobs[build.job]).toMatchObject({ outputs: { digest: `\${{ steps.${build.step.id}.outputs.digest }}` } });
    expect(release.step.env).toMatchObject({ DIGEST: `\${{ needs.${build.job}.outputs.digest }}` });
    expect(release.step.run).toContain('--image "$IMAGE:$VERSION@$DIGEST"');
    expect(release.step.run).toContain('--no-synth'); // synth is its own step, after it
    expect(pr.step.with!['add-paths'].split('\n').filter(Boolean)).toEqual(['models.yaml', 'dist/**']);
    expect(pr.step.with!.branch).toContain('${{ needs.check.outputs.version }}');
  });

  test('edits the default branch, not the tagged commit, with the CLI straight from npm ci (no build step)', () => {
    const pr = find(uses('peter-evans/create-pull-request'), 'opening the pull request');
    const steps = jobs[pr.job].steps;
    expect(steps.find(uses('actions/checkout'))?.with?.ref).toBe('${{ github.event.repository.default_branch }}');
    expect(pr.step.with!.base).toBe('${{ github.event.repository.default_branch }}');
    const install = steps.findIndex(runs('npm ci --ignore-scripts'));
    const release = steps.findIndex(runs('model-serving release'));
    expect(install).toBeGreaterThanOrEqual(0);
    expect(install).toBeLessThan(release);
    expect(steps.some(runs('npm run build'))).toBe(false);
  });

  test('the pull request and the registry login get their credentials explicitly', () => {
    expect(find(uses('peter-evans/create-pull-request'), 'opening the pull request').step.with!.token).toBe('${{ secrets.GITHUB_TOKEN }}');
    expect(find(uses('docker/login-action'), 'logging in').step.with!.password).toBe('${{ secrets.GITHUB_TOKEN }}');
  });

  test('no ${{ }} expression is pasted into a shell script (values reach scripts through env)', () => {
    for (const job of Object.values(jobs)) {
      for (const step of job.steps.filter((s) => s.run)) expect(step.run).not.toContain('${{');
    }
  });

  describe('the tag-parsing step', () => {
    const script: string = find((s) => s.id === 'tag', 'with id tag').step.run!;

    function parseTag(tag: string): { status: number; outputs: Record<string, string> } {
      const dir = mkdtempSync(join(tmpdir(), 'release-tag-'));
      const output = join(dir, 'output');
      try {
        execFileSync('bash', ['-c', script], {
          env: { PATH: process.env.PATH, GITHUB_REF_NAME: tag, GITHUB_OUTPUT: output, GITHUB_REPOSITORY_OWNER: 'Example', REGISTRY: workflow.env.REGISTRY },
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
});

describe('publish.yml', () => {
  const workflow = load('publish.yml');
  const jobs: Record<string, Job> = workflow.jobs;
  const publishJob = Object.entries(jobs).find(([, job]) => job.steps.some(runs('npm publish')))!;

  test('runs when a GitHub release is published, for v<version> tags only', () => {
    expect(workflow.on).toEqual({ release: { types: ['published'] } });
    for (const job of Object.values(jobs).filter((j) => needsOf(j).length === 0)) {
      expect(job.if).toBe("startsWith(github.event.release.tag_name, 'v')");
    }
  });

  test('publishes with provenance, from the publish job only, after the tests', () => {
    const [name, job] = publishJob;
    expect(job.permissions).toEqual({ 'contents': 'read', 'id-token': 'write' });
    const publish = job.steps.find(runs('npm publish'))!;
    expect(publish.run).toMatch(/^npm publish --provenance --access public --ignore-scripts$/);
    // What is published is what the visible build step built (publish --ignore-scripts skips prepack).
    expect(job.steps.findIndex(runs('npm run build'))).toBeLessThan(job.steps.indexOf(publish));
    expect(job.steps.find(uses('actions/setup-node'))?.with?.['registry-url']).toBe('https://registry.npmjs.org');
    const testJob = Object.entries(jobs).find(([, j]) => j.steps.some((s) => s.run === 'npm test'))!;
    expect(upstream(jobs, name)).toContain(testJob[0]);
  });

  describe('the version check, run with bash', () => {
    const step = Object.values(jobs).flatMap((j) => j.steps).find(runs('require("./package.json").version'))!;

    function check(tag: string): number {
      const dir = mkdtempSync(join(tmpdir(), 'publish-version-'));
      try {
        writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'x', version: '0.1.0' }));
        return spawnSync('bash', ['-c', step.run!], { cwd: dir, env: { PATH: process.env.PATH, TAG: tag }, stdio: 'pipe' }).status ?? -1;
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }

    test('the tag must be v<package.json version>', () => {
      expect(step.env).toEqual({ TAG: '${{ github.event.release.tag_name }}' });
      expect([check('v0.1.0'), check('v0.1.1'), check('0.1.0'), check('iris-v0.1.0')]).toEqual([0, 1, 1, 1]);
    });
  });
});
