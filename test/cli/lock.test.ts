import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { LOCK_FILE, LockBusyError, LockRecord, ProjectLock } from '../../lib/cli/lock';

let dir: string;
beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lock-')); });
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const noRecovery = (): string[] => { throw new Error('nothing to recover'); };
const write = (record: Partial<LockRecord>) => fs.writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify({
  token: 't', pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString(), command: 'model-serving promote', phase: 'editing', ...record,
}));

describe('ProjectLock', () => {
  test('one holder at a time; released, it can be taken again; the journal is the lock file', () => {
    const first = ProjectLock.acquire(dir, 'model-serving promote', noRecovery);
    expect(() => ProjectLock.acquire(dir, 'model-serving retire', noRecovery)).toThrow(LockBusyError);
    first.update({ phase: 'written', modelsFile: '/p/models.yaml', original: 'a' });
    expect(JSON.parse(fs.readFileSync(first.path, 'utf8'))).toMatchObject({ pid: process.pid, phase: 'written', original: 'a', command: 'model-serving promote' });
    first.release();
    expect(fs.existsSync(first.path)).toBe(false);
    ProjectLock.acquire(dir, 'model-serving retire', noRecovery).release();
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  test('release never removes a lock that is not its own', () => {
    const held = ProjectLock.acquire(dir, 'a', noRecovery);
    write({ token: 'someone-else' });
    held.release();
    expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(true);
  });

  test('a lock of a dead process is handed to recovery once and replaced', () => {
    const dead = spawnSync('true').pid;
    write({ pid: dead, phase: 'written', original: 'before' });
    const recovered: LockRecord[] = [];
    const lock = ProjectLock.acquire(dir, 'model-serving retire', (stale) => { recovered.push(stale); return ['restored models.yaml']; });
    expect(recovered.map((r) => [r.pid, r.original])).toEqual([[dead, 'before']]);
    expect(lock.recoveryNotes).toEqual([expect.stringMatching(/^note: took over the lock of an interrupted model-serving command \(pid \d+ on .+, `model-serving promote`\): restored models\.yaml$/)]);
    expect(lock.current.command).toBe('model-serving retire');
    lock.release();
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  test('an unreadable lock is busy while fresh and taken over once old', () => {
    const file = path.join(dir, LOCK_FILE);
    fs.writeFileSync(file, '{ half');
    expect(() => ProjectLock.acquire(dir, 'a', noRecovery)).toThrow('another model-serving command is running; wait for it to finish.');
    const old = new Date(Date.now() - 20 * 60_000);
    fs.utimesSync(file, old, old);
    const lock = ProjectLock.acquire(dir, 'a', noRecovery);
    expect(lock.recoveryNotes).toEqual(['note: took over the lock of an interrupted model-serving command (unreadable lock)']);
    lock.release();
  });
});
