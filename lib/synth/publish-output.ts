import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { App } from 'cdk8s';
import { configuredOutput, publishTarget } from './cdk8s-config';

/**
 * Options of `publishOutput`.
 * @category Synthesis
 */
export interface PublishOutputOptions {
  /**
   * The cdk8s config whose `output` names the scratch folder, relative to the working directory
   * (where `cdk8s synth` reads it too).
   * @default "cdk8s.yaml"
   */
  readonly configFile?: string;
}

/**
 * Replaces `target` (the committed folder, e.g. `dist`) with the app's synthesized output in one
 * step, so a synth that fails — a typo in models.yaml, a validation error, a crash — leaves
 * `target` exactly as it was, and a synth that succeeds leaves no stale file in it.
 *
 * `cdk8s synth` deletes its output folder (`output` in cdk8s.yaml) before it runs the app, so that
 * folder must not be the one you commit: point `output` at a scratch folder (git-ignored),
 * synthesize into it as usual (`app.outdir`, e.g. with `synthFolders(app)`), and call
 * `publishOutput(app, 'dist')` last. The scratch folder is renamed into place of `target` and left
 * behind as a symbolic link to it, which `cdk8s synth` then lists (and hands to its validation
 * plugins) and deletes — the link, not what it points to — before the next run. Where a rename or
 * a link is impossible (another filesystem, no symlinks), the output is copied instead.
 *
 * It publishes only when `app.outdir` is cdk8s.yaml's `output`: with `cdk8s synth --output <dir>`
 * the output stays in `<dir>`, as asked, and `target` is not touched. When `output` is `target`
 * itself it cannot protect anything (cdk8s has already emptied it) and emits a warning.
 *
 * @param app - the synthesized app (its `outdir` holds the output)
 * @param target - the folder to replace, e.g. `dist`; by default cdk8s.yaml's `publishTo` (this
 * project's own key, which the `model-serving` CLI reads too), else `dist`
 * @param options - where cdk8s.yaml is
 * @returns whether `target` was replaced
 * @category Synthesis
 */
export function publishOutput(app: App, target?: string, options: PublishOutputOptions = {}): boolean {
  const configFile = options.configFile ?? 'cdk8s.yaml';
  if (!fs.existsSync(configFile)) return false;
  const scratch = configuredOutput(configFile);
  target ??= publishTarget(configFile) ?? 'dist';
  if (path.resolve(app.outdir) !== path.resolve(scratch)) return false;
  if (path.resolve(scratch) === path.resolve(target)) {
    process.emitWarning(`${configFile} sets output to ${target} itself, which cdk8s synth empties before it runs the app, so a failed synth `
      + `leaves ${target} empty: set output to a scratch folder (e.g. .${path.basename(target)}-staging) to publish ${target} only on success`,
    { code: 'MODEL_SERVING_UNPROTECTED_OUTPUT' });
    return false;
  }
  const scratchStat = fs.lstatSync(scratch, { throwIfNoEntry: false });
  if (!scratchStat) return false;
  if (scratchStat.isSymbolicLink()) {
    // The app wrote through the link a previous publish left, i.e. straight into `target`: there is
    // nothing left to swap (only an app run without `cdk8s synth`, which would have removed the link, gets here).
    return false;
  }
  const inside = (outer: string, inner: string) => {
    const relative = path.relative(outer, inner);
    return relative !== '' && relative.split(path.sep)[0] !== '..' && !path.isAbsolute(relative);
  };
  if (inside(target, scratch) || inside(scratch, target)) {
    throw new Error(`publishOutput: ${configFile}'s output (${scratch}) and ${target} must not contain each other`);
  }
  publishFolder(scratch, target);
  return true;
}

/**
 * Moves `scratch` into place of `target` and links `scratch` to it; falls back to copying when
 * they are on different filesystems or the link cannot be made.
 * @internal exported for tests
 */
export function publishFolder(scratch: string, target: string, options: { readonly copy?: boolean } = {}): void {
  const parent = path.dirname(path.resolve(target));
  const name = path.basename(target);
  fs.mkdirSync(parent, { recursive: true });
  removeLeftovers(parent, name);
  const suffix = randomBytes(4).toString('hex');
  const previous = path.join(parent, `.${name}.previous-${suffix}`);
  if (options.copy) {
    const incoming = path.join(parent, `.${name}.incoming-${suffix}`);
    try {
      // mkdirSync, not mkdtempSync: the folder becomes `target` and keeps the usual mode (0777 & ~umask), not 0700.
      fs.mkdirSync(incoming);
      copyTree(scratch, incoming);
    } catch (error) {
      fs.rmSync(incoming, { recursive: true, force: true });
      throw error;
    }
    swapIn(incoming, target, previous);
    return;
  }
  try {
    swapIn(scratch, target, previous);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EXDEV') return publishFolder(scratch, target, { copy: true });
    throw error;
  }
  try {
    // A relative link, so the project can move; Windows links folders with junctions, which need an absolute path.
    if (process.platform === 'win32') fs.symlinkSync(path.resolve(target), scratch, 'junction');
    else fs.symlinkSync(path.relative(path.dirname(path.resolve(scratch)), path.resolve(target)), scratch, 'dir');
  } catch {
    fs.mkdirSync(scratch, { recursive: true });
    copyTree(target, scratch);
  }
}


/**
 * Renames `incoming` into place of `target` (no filesystem call replaces a non-empty directory in
 * one step, so it takes two renames). Until the first, `target` is untouched, and a failure at the
 * second puts it back; only a crash between the two leaves `target` missing, with the previous
 * folder beside it (`.<name>.previous-…`), which the next publish cleans up.
 */
function swapIn(incoming: string, target: string, previous: string): void {
  const hadTarget = fs.existsSync(target);
  if (hadTarget) fs.renameSync(target, previous);
  try {
    fs.renameSync(incoming, target);
  } catch (error) {
    if (hadTarget) fs.renameSync(previous, target);
    throw error;
  }
  if (hadTarget) fs.rmSync(previous, { recursive: true, force: true });
}

function copyTree(from: string, to: string): void {
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const destination = path.join(to, entry.name);
    if (entry.isDirectory()) {
      fs.mkdirSync(destination);
      copyTree(source, destination);
    } else {
      fs.copyFileSync(source, destination, fs.constants.COPYFILE_FICLONE);
    }
  }
}

/** Folders left by a publish that was killed (`.<name>.incoming-…`, `.<name>.previous-…`). */
function removeLeftovers(parent: string, name: string): void {
  for (const entry of fs.readdirSync(parent)) {
    if (entry.startsWith(`.${name}.incoming-`) || entry.startsWith(`.${name}.previous-`)) {
      fs.rmSync(path.join(parent, entry), { recursive: true, force: true });
    }
  }
}
