/**
 * The process's logger: pino JSON lines on stdout, through a small write buffer.
 *
 * With one access line per request, an unbuffered destination makes one write(2) per request.
 * Lines are instead collected up to LOG_BUFFER_BYTES and written together, and at least every
 * LOG_FLUSH_INTERVAL_MS, so a quiet server's lines still appear at once to a reader (kubectl
 * logs, the node's log agent). The buffer is written synchronously on process exit — including
 * process.exit() after a fatal line — so only a crash of the process itself (a signal such as
 * SIGKILL or SIGSEGV) can lose lines, at most the last LOG_FLUSH_INTERVAL_MS of them.
 */
import pino, { type Logger } from 'pino';

/** Bytes of log lines collected before they are written. */
export const LOG_BUFFER_BYTES = 4096;
/** The longest a line waits in the buffer. */
export const LOG_FLUSH_INTERVAL_MS = 100;

/** A pino logger at `level` whose every line carries `bindings`, writing buffered to stdout. */
export function createLogger(level: string, bindings: Record<string, string>): Logger {
  const destination = pino.destination({
    dest: 1, sync: true, minLength: LOG_BUFFER_BYTES, periodicFlush: LOG_FLUSH_INTERVAL_MS,
  });
  process.once('exit', () => destination.flushSync());
  return pino({ level, base: bindings }, destination);
}
