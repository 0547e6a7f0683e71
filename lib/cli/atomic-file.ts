/**
 * Whole-file writes that never leave a half-written file: the text goes to a temporary file in the
 * same directory, is flushed to disk, and replaces the target with one rename (atomic on POSIX file
 * systems). A failure at any point — disk full, a signal, a crash — leaves either the old file or the
 * new one, never a truncated mix.
 */
import * as fs from 'fs';
import { basename, dirname, join } from 'path';

/** The file operations the writer uses; tests replace one to inject a failure (a full disk cannot be made portably). */
export interface AtomicWriteIo {
  openSync: typeof fs.openSync;
  writeSync: (fd: number, buffer: Buffer, offset: number, length: number) => number;
  fsyncSync: typeof fs.fsyncSync;
  closeSync: typeof fs.closeSync;
  renameSync: typeof fs.renameSync;
}

const REAL_IO: AtomicWriteIo = {
  openSync: fs.openSync, writeSync: (fd, buffer, offset, length) => fs.writeSync(fd, buffer, offset, length), fsyncSync: fs.fsyncSync, closeSync: fs.closeSync, renameSync: fs.renameSync,
};

/** Replaces `path` with `text` atomically, keeping the file's permission bits (0644 for a new file). */
export function writeFileAtomic(path: string, text: string, io: AtomicWriteIo = REAL_IO): void {
  const mode = existingMode(path) ?? 0o644;
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  let fd: number | undefined;
  try {
    fd = io.openSync(temp, 'wx', mode);
    // writeSync may write less than asked; a full disk then reports itself as an error on the next call.
    const bytes = Buffer.from(text, 'utf8');
    for (let written = 0; written < bytes.length;) written += io.writeSync(fd, bytes, written, bytes.length - written);
    io.fsyncSync(fd);
    io.closeSync(fd);
    fd = undefined;
    io.renameSync(temp, path);
  } catch (error) {
    if (fd !== undefined) fs.closeSync(fd);
    fs.rmSync(temp, { force: true });
    throw error;
  }
  syncDirectory(dirname(path));
}

function existingMode(path: string): number | undefined {
  try {
    return fs.statSync(path).mode & 0o777;
  } catch {
    return undefined;
  }
}

/** Flushes a directory entry (the rename) to disk; not every platform can open a directory, which is fine. */
function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Best effort: the rename itself is already atomic.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
