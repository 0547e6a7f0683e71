/**
 * SIGINT, SIGTERM and SIGHUP while a command edits the project: instead of dying half-way (Node's
 * default), the command is told to stop, puts models.yaml and dist/ back, and then exits with the
 * conventional 128 + signal number. Signals that arrive while it puts things back are ignored, so a
 * second Ctrl-C cannot interrupt the restore itself.
 */

const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
const SIGNAL_NUMBERS: Readonly<Record<string, number>> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };

/** The command was stopped by a signal; everything was put back. */
export class InterruptedError extends Error {
  /** 128 + the signal number, what a shell reports for a process killed by it. */
  public readonly exitCode: number;

  constructor(public readonly signal: NodeJS.Signals, message: string) {
    super(message);
    this.name = 'InterruptedError';
    this.exitCode = 128 + (SIGNAL_NUMBERS[signal] ?? 0);
  }
}

/** Listens for the stop signals until disposed; `signal` aborts on the first one. */
export class Interrupts {
  public static install(): Interrupts {
    return new Interrupts();
  }

  private readonly controller = new AbortController();
  private first: NodeJS.Signals | undefined;
  private readonly listener = (signal: NodeJS.Signals): void => {
    if (this.first !== undefined) return;
    this.first = signal;
    this.controller.abort();
  };

  private constructor() {
    for (const name of SIGNALS) process.on(name, this.listener);
  }

  /** Aborted on the first signal. */
  public get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** The first signal received, if any. */
  public get received(): NodeJS.Signals | undefined {
    return this.first;
  }

  /** Stops listening: from here on a signal has Node's default effect again. */
  public dispose(): void {
    for (const name of SIGNALS) process.off(name, this.listener);
  }
}
