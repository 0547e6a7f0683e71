#!/usr/bin/env node
/**
 * Entry point of `npx model-serving` (package.json `bin`). Errors end the process with exit
 * code 1 and one line on stderr; commander reports its own usage errors the same way. A command
 * stopped by a signal exits with 128 + the signal number, after putting everything back.
 */
import { ModelsFileError } from '../models-file/errors';
import { InterruptedError } from './interrupts';
import { buildProgram } from './program';

function oneLine(error: unknown): string {
  if (error instanceof ModelsFileError) {
    const more = error.problems.length - 1;
    return `${error.problems[0]}${more > 0 ? ` (and ${more} more problem${more > 1 ? 's' : ''} in the file)` : ''}`;
  }
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}

buildProgram((line) => process.stdout.write(`${line}\n`))
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    process.stderr.write(`error: ${oneLine(error)}\n`);
    process.exitCode = error instanceof InterruptedError ? error.exitCode : 1;
  });
