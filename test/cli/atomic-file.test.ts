import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AtomicWriteIo, writeFileAtomic } from '../../lib/cli/atomic-file';

let dir: string;
beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atomic-file-')); });
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const real: AtomicWriteIo = {
  openSync: fs.openSync, writeSync: (fd, b, o, l) => fs.writeSync(fd, b, o, l), fsyncSync: fs.fsyncSync, closeSync: fs.closeSync, renameSync: fs.renameSync,
};

describe('writeFileAtomic', () => {
  test('replaces the file and keeps its permission bits', () => {
    const file = path.join(dir, 'models.yaml');
    fs.writeFileSync(file, 'old\n', { mode: 0o600 });
    fs.chmodSync(file, 0o600);
    writeFileAtomic(file, 'new ✓\n');
    expect(fs.readFileSync(file, 'utf8')).toBe('new ✓\n');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dir)).toEqual(['models.yaml']);
  });

  test('a disk that fills up half-way leaves the old file whole and no temporary file', () => {
    const file = path.join(dir, 'models.yaml');
    fs.writeFileSync(file, 'environments: {}\nmodels: {}\n');
    const text = 'x'.repeat(10_000);
    let calls = 0;
    // The first write is short (what a nearly full disk does), the next one fails with ENOSPC.
    const fullDisk: AtomicWriteIo = {
      ...real,
      writeSync: (fd, buffer, offset, length) => {
        calls++;
        if (calls === 1) return fs.writeSync(fd, buffer, offset, Math.min(length, 4096));
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      },
    };
    expect(() => writeFileAtomic(file, text, fullDisk)).toThrow('ENOSPC');
    expect(fs.readFileSync(file, 'utf8')).toBe('environments: {}\nmodels: {}\n');
    expect(fs.readdirSync(dir)).toEqual(['models.yaml']);
  });

  test('a short write is continued until every byte is written', () => {
    const file = path.join(dir, 'models.yaml');
    const text = 'é'.repeat(5000);
    writeFileAtomic(file, text, { ...real, writeSync: (fd, buffer, offset, length) => fs.writeSync(fd, buffer, offset, Math.min(length, 1000)) });
    expect(fs.readFileSync(file, 'utf8')).toBe(text);
  });

  test('a failing rename (the target is a folder) leaves no temporary file', () => {
    const target = path.join(dir, 'models.yaml');
    fs.mkdirSync(target);
    expect(() => writeFileAtomic(target, 'text')).toThrow();
    expect(fs.readdirSync(dir)).toEqual(['models.yaml']);
  });
});
