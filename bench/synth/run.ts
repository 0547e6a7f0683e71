/**
 * npm run bench:synth — what a synth costs against `helm template` of an equivalent chart, on two
 * fleets: 1 … 500 versions at two per model (a 90/10 canary each), and one model with 200 versions
 * (a 90/10 canary plus 198 dark-launched at weight 0, every one pinnable). Tools, each a fresh process per run: the ModelServing
 * construct written by `synthFolders` (the library's writer, the path users take), the same written
 * by cdk8s's `app.synth()`, and `helm template` of bench/helm/model-fleet/. The cdk8s children print
 * their in-process phases (Node start, module loading, build, resolve, write), so the report says
 * how much of each run is loading code. Plus the end-to-end `npx cdk8s synth` of the sample app.
 *
 * Before timing, every output is checked: synthFolders' bytes equal app.synth()'s, and helm's
 * objects equal the construct's. Runs are interleaved (rounds × cases × tools, tool order rotating)
 * and reported as medians with min–max. Writes bench/results/synth.json, two SVG charts and its
 * section of BENCHMARKS.md.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { lineChart } from '../chart/svg';
import { firstLine, machineLines } from '../common/machine';
import { REPO_ROOT } from '../common/report';
import { summarize, type Summary } from '../common/stats';
import { runTimed } from '../common/timed-process';
import { manifestDifferences } from './equivalence';
import { TOOL_LABELS, TOOLS, writeSynthReport, type CaseResult, type E2eResult, type ToolName } from './synth-report';

const { FLEETS } = require('./fleet') as { FLEETS: Record<string, (n: number) => unknown[]> };

interface Case { readonly fleet: 'fleet' | 'single'; readonly versions: number }
const CASES: Case[] = [
  ...[1, 10, 100, 200, 500].map((versions) => ({ fleet: 'fleet' as const, versions })),
  { fleet: 'single', versions: 200 },
];
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const E2E_ROUNDS = Number(process.env.BENCH_E2E_ROUNDS ?? 3);
const WORK = join(REPO_ROOT, '.bench-tmp', 'synth');
const RESULTS = join(REPO_ROOT, 'bench', 'results');
const caseKey = (c: Case) => `${c.fleet}-${c.versions}`;

function sh(command: string, args: string[]): string {
  return execFileSync(command, args, { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
}

/** Runs one tool on one case; returns its measurements and the path of its YAML output. */
function runTool(tool: ToolName, c: Case, helm: string) {
  const outdir = join(WORK, `${tool}-${caseKey(c)}`);
  if (tool === 'helm') {
    const output = join(WORK, `helm-${caseKey(c)}.yaml`);
    const timed = runTimed(helm, ['template', 'fleet', join('bench', 'helm', 'model-fleet'), '-f', join(WORK, `values-${caseKey(c)}.yaml`)],
      { cwd: REPO_ROOT, stdoutFile: output });
    return { ...timed, output, phases: undefined };
  }
  rmSync(outdir, { recursive: true, force: true });
  const timed = runTimed(process.execPath, [join('bench', 'synth', 'synth-app.js'), tool, c.fleet, String(c.versions), outdir], { cwd: REPO_ROOT });
  const phases = JSON.parse(timed.stdout) as Record<string, number>;
  // What the run spends outside the script's phases — starting the process before Node's clock, and its exit.
  phases.exitMs = timed.wallMs - phases.endMs;
  return { ...timed, output: join(outdir, 'fleet.k8s.yaml'), phases };
}

/** Every case: synthFolders writes app.synth()'s very bytes, and helm template the same objects. */
function checkEquivalence(helm: string): Record<string, number> {
  const objects: Record<string, number> = {};
  for (const c of CASES) {
    writeFileSync(join(WORK, `values-${caseKey(c)}.yaml`), stringify({ models: FLEETS[c.fleet](c.versions) }));
    const outputs = Object.fromEntries(TOOLS.map((tool) => [tool, readFileSync(runTool(tool, c, helm).output, 'utf8')])) as Record<ToolName, string>;
    if (outputs.fast !== outputs.cdk8s) throw new Error(`${caseKey(c)}: synthFolders' output is not byte-identical to app.synth()'s`);
    const problems = manifestDifferences(outputs.fast, 'construct', outputs.helm, 'helm');
    if (problems.length > 0) throw new Error(`${caseKey(c)}: helm template's objects differ from the construct's:\n${problems.join('\n')}`);
    objects[caseKey(c)] = outputs.fast.split(/^---$/m).length;
    console.log(`  ${caseKey(c)}: ${objects[caseKey(c)]} objects; synthFolders = app.synth() (bytes) = helm template (objects)`);
  }
  return objects;
}

function measureCases(helm: string, objects: Record<string, number>): { cases: CaseResult[]; helmStartMs: Summary } {
  const samples = new Map<string, { wall: number[]; rss: number[]; phases: Record<string, number[]> }>();
  const helmStart: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const c of CASES) {
      // Rotate the tool order each round so no tool always runs first (cold caches) or last.
      const order = TOOLS.map((_, i) => TOOLS[(i + round) % TOOLS.length]);
      for (const tool of order) {
        const r = runTool(tool, c, helm);
        const key = `${tool}/${caseKey(c)}`;
        const s = samples.get(key) ?? { wall: [], rss: [], phases: {} };
        s.wall.push(r.wallMs);
        s.rss.push(r.peakRssMb);
        for (const [phase, ms] of Object.entries(r.phases ?? {})) (s.phases[phase] ??= []).push(ms);
        samples.set(key, s);
      }
    }
    // helm's own start-up, the floor of every helm run: `helm version` loads the binary and exits.
    helmStart.push(runTimed(helm, ['version', '--short'], { cwd: REPO_ROOT }).wallMs);
    console.log(`  round ${round + 1}/${ROUNDS} done`);
  }
  const cases = CASES.map((c) => ({
    fleet: c.fleet,
    versions: c.versions,
    objects: objects[caseKey(c)],
    tools: Object.fromEntries(TOOLS.map((tool) => {
      const s = samples.get(`${tool}/${caseKey(c)}`)!;
      const phases: Record<string, Summary> = {};
      for (const [phase, values] of Object.entries(s.phases)) phases[phase] = summarize(values);
      return [tool, { wallMs: summarize(s.wall), peakRssMb: summarize(s.rss), phases }];
    })) as CaseResult['tools'],
  }));
  return { cases, helmStartMs: summarize(helmStart) };
}

/** The sample app (main.ts, models.yaml) through the cdk8s CLI, as shipped and in two alternatives. */
function measureEndToEnd(): E2eResult[] {
  const compiled = join(WORK, 'compiled');
  rmSync(compiled, { recursive: true, force: true });
  sh(process.execPath, [join('node_modules', 'typescript', 'bin', 'tsc'), 'main.ts', '--outDir', compiled, '--rootDir', '.',
    '--target', 'ES2022', '--module', 'commonjs', '--esModuleInterop', '--resolveJsonModule', '--skipLibCheck']);
  const variants = [
    { name: 'cdk8s.yaml as committed (ts-node --transpile-only)', app: undefined },
    { name: 'ts-node default (type-checks)', app: 'npx ts-node main.ts' },
    { name: 'compiled JS (tsc ahead of time, node)', app: `node ${join(compiled, 'main.js')}` },
  ];
  const samples = variants.map(() => ({ wall: [] as number[], rss: [] as number[] }));
  for (let round = 0; round < E2E_ROUNDS; round++) {
    variants.forEach((variant, i) => {
      const out = join(WORK, `e2e-${i}`);
      rmSync(out, { recursive: true, force: true });
      // --output elsewhere: the app writes there and leaves the committed dist/ alone (see publishOutput).
      const args = ['cdk8s', 'synth', '--output', out, ...(variant.app ? ['--app', variant.app] : [])];
      const r = runTimed('npx', args, { cwd: REPO_ROOT });
      // The sample must synthesize exactly the committed dist/, or we timed the wrong thing.
      execFileSync('diff', ['-r', out, join(REPO_ROOT, 'dist')], { stdio: 'inherit' });
      samples[i].wall.push(r.wallMs);
      samples[i].rss.push(r.peakRssMb);
    });
  }
  return variants.map((v, i) => ({ name: v.name, wallMs: summarize(samples[i].wall), peakRssMb: summarize(samples[i].rss) }));
}

/** Objects (YAML documents) and folders in a synth output directory, to describe what the sample produces. */
function describeOutput(dir: string): { objects: number; folders: number } {
  let objects = 0;
  let folders = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isDirectory()) folders++;
    else if (entry.name.endsWith('.k8s.yaml')) {
      const text = readFileSync(join(entry.parentPath ?? entry.path, entry.name), 'utf8');
      objects += text.split(/^---$/m).filter((doc) => doc.trim() !== '').length;
    }
  }
  return { objects, folders };
}

function main(): void {
  const started = Date.now();
  const loadAverage = (): string => loadavg().map((l) => l.toFixed(2)).join(' ');
  const loadBefore = loadAverage();
  mkdirSync(WORK, { recursive: true });
  mkdirSync(RESULTS, { recursive: true });
  console.log('building the library (npm run build) …');
  sh('npm', ['run', '--silent', 'build']);
  const helm = sh('bash', [join('scripts', 'fetch-kubectl.sh'), 'helm']);
  console.log('checking the outputs: synthFolders = app.synth() (bytes), = helm template (objects) …');
  const objects = checkEquivalence(helm);
  console.log(`measuring ${CASES.map(caseKey).join(', ')} × ${TOOLS.join(', ')}, ${ROUNDS} interleaved rounds …`);
  const { cases, helmStartMs } = measureCases(helm, objects);
  console.log(`measuring end-to-end npx cdk8s synth of the sample, ${E2E_ROUNDS} rounds …`);
  const e2e = measureEndToEnd();
  const sample = describeOutput(join(REPO_ROOT, 'dist'));

  const versions = {
    cdk8s: require('cdk8s/package.json').version as string,
    'cdk8s-plus-28': require('cdk8s-plus-28/package.json').version as string,
    'cdk8s-cli': require('cdk8s-cli/package.json').version as string,
    helm: firstLine(helm, ['version', '--short']),
  };
  const results = { machine: machineLines(), loadAverage: { before: loadBefore, after: loadAverage() }, versions, rounds: ROUNDS, cases, helmStartMs, e2e, sample };
  writeFileSync(join(RESULTS, 'synth.json'), `${JSON.stringify(results, null, 2)}\n`);
  const fleet = cases.filter((c) => c.fleet === 'fleet');
  const series = (pick: (t: CaseResult['tools'][ToolName]) => Summary) => TOOLS.map((tool) => ({
    name: TOOL_LABELS[tool],
    points: fleet.map((c) => ({ x: c.versions, y: Math.round(pick(c.tools[tool]).median), min: pick(c.tools[tool]).min, max: pick(c.tools[tool]).max })),
  }));
  writeFileSync(join(RESULTS, 'synth-time.svg'), lineChart('Synth wall time vs. fleet size (median, min–max)', 'model versions (2 per model)',
    'wall time (ms)', series((t) => t.wallMs)));
  writeFileSync(join(RESULTS, 'synth-rss.svg'), lineChart('Synth peak RSS vs. fleet size (median)', 'model versions (2 per model)', 'peak RSS (MB)',
    series((t) => t.peakRssMb)));
  writeSynthReport(results);
  console.log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s: BENCHMARKS.md, bench/results/synth.json, bench/results/synth-*.svg`);
}

main();
