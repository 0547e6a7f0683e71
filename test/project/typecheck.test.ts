/**
 * jest compiles test files one by one without type-checking them (tsconfig.jest.json: isolated
 * modules, which keeps `npm test` fast), so the whole project is type-checked here, once: the
 * library, main.ts, imports/, the tests and the benchmarks (tsconfig.json), and the serving image
 * with its tests (serving-image/tsconfig.json). A type error anywhere fails `npm test`.
 */
import { execFile } from 'child_process';
import { join } from 'path';
import { promisify } from 'util';

// tsc over the whole project takes 10–30 s per program on a shared 2-core machine.
jest.setTimeout(180_000);

const ROOT = join(__dirname, '..', '..');
const TSC = require.resolve('typescript/bin/tsc');

async function typeErrors(project: string): Promise<string> {
  try {
    await promisify(execFile)(process.execPath, [TSC, '--noEmit', '-p', project], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
    return '';
  } catch (error) {
    const { stdout, stderr, message } = error as { stdout?: string; stderr?: string; message: string };
    return `${stdout ?? ''}${stderr ?? ''}` || message;
  }
}

test('the library, its tests and benchmarks, and the serving image type-check', async () => {
  const [library, servingImage] = await Promise.all([typeErrors('tsconfig.json'), typeErrors(join('serving-image', 'tsconfig.json'))]);
  expect({ library, servingImage }).toEqual({ library: '', servingImage: '' });
});
