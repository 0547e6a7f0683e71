/** Describes the machine and tool versions a benchmark ran on, for the report header. */
import { execFileSync } from 'node:child_process';
import { cpus, release, totalmem } from 'node:os';
import { readFileSync } from 'node:fs';

function firstLine(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).split('\n')[0].trim();
  } catch {
    return 'unavailable';
  }
}

function distribution(): string {
  try {
    const match = /^PRETTY_NAME="?([^"\n]*)"?/m.exec(readFileSync('/etc/os-release', 'utf8'));
    return match ? match[1] : 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Markdown lines: CPU, cores, memory, OS, Node, and any extra tool versions given. */
export function machineLines(extra: Record<string, string> = {}): string[] {
  const cpuList = cpus();
  const lines = [
    `- Date: ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}`,
    `- CPU: ${cpuList[0]?.model ?? 'unknown'}, ${cpuList.length} cores; memory ${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `- OS: ${distribution()}, Linux ${release()}`,
    `- Node ${process.version}, npm ${firstLine('npm', ['--version'])}`,
  ];
  for (const [name, version] of Object.entries(extra)) lines.push(`- ${name}: ${version}`);
  return lines;
}

export { firstLine };
