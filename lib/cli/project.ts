/**
 * Where a CLI run acts: the models file, the cdk8s project that synthesizes it (the nearest folder
 * above the file holding cdk8s.yaml), and that project's output folder. Synth must read the very
 * file the CLI edited, so the project is looked up from the file, never from the working directory.
 */
import { existsSync } from 'fs';
import { dirname, isAbsolute, join, relative, resolve } from 'path';
import { committedOutput } from '../synth/cdk8s-config';

/** The files one run touches. */
export interface ProjectPaths {
  /** The models file, absolute. */
  readonly modelsFile: string;
  /** The models file as shown in messages (relative to the working directory). */
  readonly shownFile: string;
  /** The folder of cdk8s.yaml, or undefined when there is none above the models file. */
  readonly projectDir?: string;
  /** The project's committed output folder (cdk8s.yaml `publishTo`, else `output`, default dist), absolute. */
  readonly outdir?: string;
  /** Where the lock lives: the project, else the models file's folder. */
  readonly lockDir: string;
}

/** Resolves the paths of a run on `file`; with `synth`, a models file outside any cdk8s project is refused. */
export function locateProject(file: string, synth: boolean): ProjectPaths {
  const modelsFile = resolve(file);
  const shownFile = shownPath(modelsFile);
  const projectDir = findUp(dirname(modelsFile), 'cdk8s.yaml');
  if (synth && projectDir === undefined) {
    throw new Error(`no cdk8s.yaml in ${dirname(modelsFile)} or any folder above it: synth runs in the cdk8s project whose app loads ${shownFile}; `
      + 'keep the models file inside that project, or pass --no-synth');
  }
  return {
    modelsFile, shownFile, projectDir,
    outdir: projectDir === undefined ? undefined : join(projectDir, committedOutput(join(projectDir, 'cdk8s.yaml'))),
    lockDir: projectDir ?? dirname(modelsFile),
  };
}

/** A path as messages show it: relative to the working directory when inside it, else absolute. */
export function shownPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}

function findUp(start: string, name: string): string | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, name))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

