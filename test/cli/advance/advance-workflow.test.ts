/**
 * The scheduled canary pipeline cannot run here (no GitHub runner), so its structure is checked —
 * triggers, the order and conditions of the steps — and its
 * decision script is run for real with bash, with `npx` standing in for the CLI's exit codes.
 */
import { execFileSync, spawnSync } from 'child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { parse } from 'yaml';

// Each test runs git and the CLI several times: seconds each on a machine whose cores are shared.
jest.setTimeout(60_000);

const ROOT = join(__dirname, '..', '..', '..');
const text = readFileSync(join(ROOT, '.github', 'workflows', 'advance-canary.yml'), 'utf8');
const workflow = parse(text);
const plan = workflow.jobs.plan;
const job = workflow.jobs.advance;
const steps: any[] = job.steps;
const step = (predicate: (s: any) => boolean, what: string): any => {
  const found = steps.find(predicate);
  if (!found) throw new Error(`no step ${what} in advance-canary.yml`);
  return found;
};
const uses = (action: string) => (s: any) => typeof s.uses === 'string' && s.uses.startsWith(`${action}@`);

test('runs on a schedule and by hand, choosing between a pull request per decision and a direct push', () => {
  expect(workflow.on.schedule).toEqual([{ cron: expect.stringMatching(/^\S+ \S+ \S+ \S+ \S+$/) }]);
  expect(workflow.on.workflow_dispatch.inputs.delivery).toMatchObject({ type: 'choice', options: ['pull-request', 'push'], default: 'pull-request' });
  expect(workflow.env.DELIVERY).toBe("${{ inputs.delivery || vars.CANARY_DELIVERY || 'pull-request' }}");
  expect(workflow.concurrency).toEqual({ group: 'advance-canary', 'cancel-in-progress': false });
});

// Permissions, pinned actions, checkouts without the token, install scripts and caches are checked
// for every workflow alike by test/project/release-workflow.test.ts.

test('one job per model and environment with a canary, one at a time, each from the default branch with its history', () => {
  expect(plan.steps.find((s: any) => s.id === 'list').run).toContain('npx model-serving canaries');
  expect(plan.outputs.canaries).toBe('${{ steps.list.outputs.canaries }}');
  expect(job.needs).toBe('plan');
  expect(job.strategy).toMatchObject({ 'fail-fast': false, 'max-parallel': 1, 'matrix': { canary: '${{ fromJSON(needs.plan.outputs.canaries) }}' } });
  const checkout = step(uses('actions/checkout'), 'checking out');
  expect(checkout.with).toMatchObject({ 'ref': '${{ env.DEFAULT_BRANCH }}', 'fetch-depth': 0 });
  // The CLI runs from source (the bin shim), so installing is all it needs: no build step.
  const install = steps.findIndex((s) => s.run === 'npm ci --ignore-scripts');
  const decide = steps.findIndex((s) => s.id === 'advance');
  expect(install).toBeGreaterThan(-1);
  expect(install).toBeLessThan(decide);
  expect(steps.some((s) => typeof s.run === 'string' && s.run.includes('npm run build'))).toBe(false);
  expect(steps[decide].run).toContain('npx model-serving advance "$MODEL" --env "$ENVIRONMENT" --json');
});

test('a changed decision becomes a pull request per canary, or a push; nothing else is committed', () => {
  const pr = step(uses('peter-evans/create-pull-request'), 'opening the pull request');
  expect(pr.if).toBe("steps.advance.outputs.changed == 'true' && env.DELIVERY == 'pull-request'");
  expect(pr.with.branch).toBe('canary/${{ matrix.canary.model }}-${{ matrix.canary.environment }}');
  expect(pr.with['add-paths'].split('\n').filter(Boolean)).toEqual(['models.yaml', 'dist/**']);
  const push = step((s) => typeof s.run === 'string' && s.run.includes(' push origin '), 'pushing');
  expect(push.if).toBe("steps.advance.outputs.changed == 'true' && env.DELIVERY == 'push'");
  expect(push.run).toContain('git add -- models.yaml dist');
  expect(push.env.TOKEN).toBe('${{ github.token }}');
});

describe('the decision script', () => {
  const script: string = step((s) => s.id === 'advance', 'with id advance').run;

  /** Runs it in a git repository where a fake `npx` prints `decision` and exits with `code`, changing models.yaml when told. */
  function decide(code: number, decision: string, change: boolean): { status: number | null; outputs: string; summary: string; stdout: string } {
    const dir = mkdtempSync(join(tmpdir(), 'advance-workflow-'));
    try {
      const bin = join(dir, 'bin');
      mkdirSync(bin);
      writeFileSync(join(bin, 'npx'), `#!/usr/bin/env bash
[ "$*" = "model-serving advance iris --env production --json" ] || { echo "unexpected: $*" >&2; exit 64; }
${change ? 'echo "# changed" >> models.yaml' : ''}
${code === 1 ? 'echo "error: cannot reach Prometheus" >&2' : `echo '${JSON.stringify({ decision, message: `production: iris 1.2.0 ${decision}` })}'`}
exit ${code}
`);
      chmodSync(join(bin, 'npx'), 0o755);
      const repo = join(dir, 'repo');
      mkdirSync(repo);
      writeFileSync(join(repo, 'models.yaml'), 'models: {}\n');
      execFileSync('git', ['init', '-q'], { cwd: repo });
      execFileSync('git', ['add', '.'], { cwd: repo });
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@e', 'commit', '-qm', 'init'], { cwd: repo });
      const result = spawnSync('bash', ['-c', script], {
        cwd: repo, encoding: 'utf8',
        env: {
          PATH: `${bin}:${process.env.PATH}`, MODEL: 'iris', ENVIRONMENT: 'production',
          GITHUB_OUTPUT: join(dir, 'output'), GITHUB_STEP_SUMMARY: join(dir, 'summary'),
        },
      });
      const read = (f: string) => { try { return readFileSync(join(dir, f), 'utf8'); } catch { return ''; } };
      return { status: result.status, outputs: read('output'), summary: read('summary'), stdout: result.stdout };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  test('advanced (0): a change to deliver', () => {
    const run = decide(0, 'advance', true);
    expect(run.status).toBe(0);
    expect(run.outputs).toContain('decision=advance\nchanged=true\ntitle=canary iris production: advance\nmessage<<DECISION_EOF\nproduction: iris 1.2.0 advance\nDECISION_EOF\n');
    expect(run.summary).toBe('production: iris 1.2.0 advance\n');
  });

  test('waiting (2): success, nothing to deliver', () => {
    const run = decide(2, 'wait', false);
    expect(run.status).toBe(0);
    expect(run.outputs).toContain('changed=false');
  });

  test('rolled back (3): success with a warning, the rollback to deliver', () => {
    const run = decide(3, 'rollback', true);
    expect(run.status).toBe(0);
    expect(run.outputs).toContain('decision=rollback\nchanged=true');
    expect(run.stdout).toContain('::warning title=canary rolled back::production: iris 1.2.0 rollback');
  });

  test('an error (1) fails the job', () => {
    expect(decide(1, '', false).status).toBe(1);
  });
});
