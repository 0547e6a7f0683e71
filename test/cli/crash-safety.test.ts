/**
 * The CLI never leaves the project half-changed, with the real binary on a copy of the project:
 * Ctrl-C (SIGINT) or SIGTERM during synth, a second command while one runs, the lock of a run that
 * was killed outright, and --file, which synth must honour (or the command is refused).
 */
import { execFileSync, spawnSync } from 'child_process';
import { createHash } from 'crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { hostname, tmpdir } from 'os';
import { join } from 'path';
import { ProjectCopy } from './cli-harness';

jest.setTimeout(180_000);

let project: ProjectCopy;
let original: string;

beforeAll(() => {
  project = ProjectCopy.create();
  original = project.read('models.yaml');
});

afterAll(() => project?.remove());

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Processes still running in a process group (zombies do not count). */
function liveProcessesIn(group: number): string[] {
  return execFileSync('ps', ['-eo', 'pid=,pgid=,stat='], { encoding: 'utf8' }).split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([pid, pgid, stat]) => pid && Number(pgid) === group && !stat.startsWith('Z'))
    .map(([pid]) => pid);
}

const PROMOTE = ['promote', 'iris', '--version', '1.1.0', '--weight', '20', '--env', 'production'];

describe.each([['SIGINT', 130], ['SIGTERM', 143]] as const)('%s while synth runs', (signal, exitCode) => {
  test(`restores models.yaml and dist/ byte for byte, stops synth, exits ${exitCode}, leaves no lock; a concurrent command is refused meanwhile`, async () => {
    const before = project.snapshot();
    const running = project.start(...PROMOTE);
    const journal = await project.waitForLock((lock) => lock.synthPid !== undefined);
    // The edit is on disk while synth runs, and dist/ is untouched: synth writes into a folder of its own.
    expect(project.weights('production')).toEqual({ '1.0.0': 80, '1.1.0': 20 });

    if (signal === 'SIGINT') {
      const during = project.read('models.yaml');
      const second = project.run('retire', 'iris', '--version', '1.0.0', '--env', 'staging');
      expect(second.status).toBe(1);
      expect(second.stdout).toBe('');
      expect(second.stderr).toMatch(new RegExp(`^error: another model-serving command is running \\(pid ${running.child.pid} on [^,]+, \`model-serving promote iris --version 1\\.1\\.0 --weight 20 --env production\`, since [^)]+\\); wait for it to finish\\. If it is not running, delete .+\\.model-serving\\.lock\\n$`));
      expect(project.read('models.yaml')).toBe(during);
      expect(project.lock().token).toBe(journal.token);
    }

    running.child.kill(signal);
    const result = await running.done;
    expect(result.stderr).toBe(`error: interrupted by ${signal}: models.yaml and dist/ were left as they were\n`);
    expect(result.status).toBe(exitCode);
    expect(result.stdout).toBe('');
    expect(project.snapshot()).toEqual(before);
    expect(project.leftovers()).toEqual([]);
    expect(liveProcessesIn(journal.synthPid)).toEqual([]);
  });
});

describe('the lock of a command that is gone', () => {
  afterEach(() => project.write('models.yaml', original));

  const deadPid = () => spawnSync('true').pid;
  const lockOf = (fields: object) => JSON.stringify({
    token: 'stale', pid: deadPid(), host: hostname(), startedAt: new Date().toISOString(), command: 'model-serving promote iris --version 1.1.0', phase: 'editing', ...fields,
  });

  test('a killed run (process gone) is undone from its journal and the lock taken over', () => {
    // What `kill -9` during synth leaves: the edited models.yaml, a half-written synth folder, the lock.
    const killedEdit = original.replace('weight: 90', 'weight: 70').replace('weight: 10\n', 'weight: 30\n');
    project.write('models.yaml', killedEdit);
    const synthDir = join(project.dir, '.dist.synth-1-x');
    mkdirSync(join(synthDir, 'production'), { recursive: true });
    writeFileSync(join(synthDir, 'production', 'partial.yaml'), 'kind: Half');
    project.write('.model-serving.lock', lockOf({
      phase: 'written', modelsFile: join(project.dir, 'models.yaml'), original, writtenSha256: sha256(killedEdit),
      outdir: join(project.dir, 'dist'), outdirExisted: true, synthDir,
    }));
    const before = project.snapshot();

    const result = project.run(...PROMOTE, '--no-synth');

    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^note: took over the lock of an interrupted model-serving command \(pid \d+ on [^,]+, `model-serving promote iris --version 1\.1\.0`\): restored models\.yaml\n/);
    // The promote applied to the restored file, not to the killed run's edit.
    expect(project.weights('production')).toEqual({ '1.0.0': 80, '1.1.0': 20 });
    expect(project.leftovers()).toEqual([]);
    before.delete('models.yaml');
    const after = project.snapshot();
    after.delete('models.yaml');
    expect(after).toEqual(before);
  });

  test('a lock whose process is alive is respected; one from another host only after 15 minutes', () => {
    const refused = (lock: string) => {
      project.write('.model-serving.lock', lock);
      const result = project.run(...PROMOTE, '--no-synth');
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/^error: another model-serving command is running/);
      expect(project.read('models.yaml')).toBe(original);
      expect(project.read('.model-serving.lock')).toBe(lock);
    };
    refused(lockOf({ pid: process.pid }));
    refused(lockOf({ host: 'ci-runner-7' }));

    project.write('.model-serving.lock', lockOf({ host: 'ci-runner-7', startedAt: new Date(Date.now() - 16 * 60_000).toISOString() }));
    const taken = project.run(...PROMOTE, '--no-synth');
    expect(taken.status).toBe(0);
    expect(taken.stdout).toContain('note: took over the lock of an interrupted model-serving command (pid');
    expect(project.leftovers()).toEqual([]);
  });
});

describe('--file', () => {
  afterEach(() => {
    project.write('models.yaml', original);
    execFileSync('git', ['checkout', '-q', '--', 'dist', 'main.ts'], { cwd: project.dir });
    execFileSync('git', ['clean', '-fdq', '--', 'dist', 'environments'], { cwd: project.dir });
  });

  function otherFile(): string {
    mkdirSync(join(project.dir, 'environments'), { recursive: true });
    copyFileSync(join(project.dir, 'models.yaml'), join(project.dir, 'environments', 'other.yaml'));
    return 'environments/other.yaml';
  }

  test('synth reads the file the command edited, not models.yaml', () => {
    const file = otherFile();
    const result = project.run(...PROMOTE.slice(0, 4), '--weight', '50', '--env', 'production', '--file', file);

    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('environments/other.yaml updated, dist/ re-synthesized');
    expect(project.read('models.yaml')).toBe(original);
    expect(project.read(file)).toContain('weight: 50');
    const weights = project.manifest('production/HTTPRoute.iris.k8s.yaml').spec.rules[0].backendRefs.map((b: any) => b.weight);
    expect(weights).toEqual([50, 50]);
  });

  test('an app that ignores MODEL_SERVING_MODELS_FILE makes synth fail, and everything is put back', () => {
    const file = otherFile();
    project.write('main.ts', project.read('main.ts').replace(/loadModelsFile\([^)]*\)\)?/, "loadModelsFile('models.yaml')"));
    const before = project.snapshot();
    const result = project.run(...PROMOTE, '--file', file);

    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^error: `npx cdk8s synth` failed in .+: Error: loadModelsFile: the model-serving CLI edited .+environments\/other\.yaml, but this app loads .+\/models\.yaml; load process\.env\.MODEL_SERVING_MODELS_FILE when it is set .+; environments\/other\.yaml and dist\/ were left as they were\n$/);
    expect(project.snapshot()).toEqual(before);
    expect(project.read(file)).toBe(original);
  });

  test('a models file outside any cdk8s project is refused before anything is written, unless --no-synth', () => {
    const outside = mkdtempSync(join(tmpdir(), 'models-elsewhere-'));
    try {
      const file = join(outside, 'models.yaml');
      writeFileSync(file, original);
      const before = project.snapshot();
      const refused = project.run(...PROMOTE, '--file', file);
      expect(refused.status).toBe(1);
      expect(refused.stderr).toBe(`error: no cdk8s.yaml in ${outside} or any folder above it: synth runs in the cdk8s project whose app loads ${file}; `
        + 'keep the models file inside that project, or pass --no-synth\n');
      expect(readFileSync(file, 'utf8')).toBe(original);
      expect(project.snapshot()).toEqual(before);

      const edited = project.run(...PROMOTE, '--file', file, '--no-synth');
      expect(edited.status).toBe(0);
      expect(edited.stdout).toContain(`${file} updated (synth skipped: run \`MODEL_SERVING_MODELS_FILE=${file} npx cdk8s synth\`)`);
      expect(readFileSync(file, 'utf8')).toContain('weight: 20');
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});
