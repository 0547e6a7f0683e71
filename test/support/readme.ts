/** The commands the documentation shows, read from the files themselves so tests cannot drift from them. */
import { readFileSync } from 'fs';
import { join } from 'path';

const ROOT = join(__dirname, '..', '..');

/** The heading of the documented release, in README.md, docs/release.md and `model-serving --help`. */
export const THREE_COMMANDS_HEADING = 'Release a model version in three commands';

/** The `npx model-serving …` lines of the first sh block under `## <heading>` in a markdown file, without comments. */
export function documentedCommands(file: string, heading = THREE_COMMANDS_HEADING): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const section = text.slice(text.indexOf(`## ${heading}`));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  return block.split('\n').map((line) => line.replace(/#.*$/, '').trim()).filter((line) => line.startsWith('npx model-serving '));
}

/** The arguments of a documented `npx model-serving …` command. */
export function commandArgs(command: string): string[] {
  return command.replace(/\s+/g, ' ').trim().split(' ').slice(2);
}
