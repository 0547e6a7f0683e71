/**
 * npm run bench:synth — synthesis cost as the fleet grows: wall time and peak RSS for 1 … 500
 * model versions via (a) the ModelServing construct (compiled JS), (b) a hand-written cdk8s
 * baseline of the same objects, (c) `helm template` of an equivalent chart; plus the end-to-end
 * `npx cdk8s synth` of the sample app. Every tool's output is first checked to hold the same
 * objects, then runs are interleaved (rounds × sizes × tools, tool order rotating) and reported
 * as medians with min–max. Writes bench/results/synth.json, two SVG charts and its section of
 * BENCHMARKS.md.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { lineChart } from '../chart/svg';
import { firstLine, machineLines } from '../common/machine';
import { REPO_ROOT } from '../common/report';
import { summarize, type Summary } from '../common/stats';
import { runTimed } from '../common/timed-process';
import { manifestDifferences } from './equivalence';
import { TOOL_LABELS, writeSynthReport, type E2eResult, type SizeResult, type ToolName } from './synth-report';

const { fleet } = require('./fleet') as { fleet: (n: number) => unknown[] };

const SIZES = [1, 10, 100, 200, 500];
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const E2E_ROUNDS = Number(process.env.BENCH_E2E_ROUNDS ?? 3);
const WORK = join(REPO_ROOT, '.bench-tmp', 'synth');
const RESULTS = join(REPO_ROOT, 'bench', 'results');
const TOOLS: ToolName[] = ['construct', 'baseline', 'helm', 'fastyaml'];
const SCRIPTS: Record<Exclude<ToolName, 'helm'>, string> = {
  construct: 'construct-app.js', baseline: 'baseline-app.js', fastyaml: 'construct-fastyaml-app.js',
};

function sh(command: string, args: string[]): string {
  return execFileSync(command, args, { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
}

/** Runs one tool for one fleet size; returns its measurements and the path of its YAML output. */
function runTool(tool: ToolName, size: number, helm: string) {
  const outdir = join(WORK, `${tool}-${size}`);
  if (tool === 'helm') {
    const output = join(WORK, `helm-${size}.yaml`);
    const timed = runTimed(helm, ['template', 'fleet', join('bench', 'helm', 'model-fleet'), '-f', join(WORK, `values-${size}.yaml`)],
      { cwd: REPO_ROOT, stdoutFile: output });
    return { ...timed, output, phases: undefined };
  }
  const script = join('bench', 'synth', SCRIPTS[tool]);
  const timed = runTimed(process.execPath, [script, String(size), outdir], { cwd: REPO_ROOT });
  return { ...timed, output: join(outdir, 'fleet.k8s.yaml'), phases: JSON.parse(timed.stdout) as Record<string, number> };
}

function checkEquivalence(helm: string): void {
  for (const size of SIZES) {
    writeFileSync(join(WORK, `values-${size}.yaml`), stringify({ models: fleet(size) }));
    const outputs = Object.fromEntries(TOOLS.map((tool) => [tool, readFileSync(runTool(tool, size, helm).output, 'utf8')]));
    for (const peer of ['baseline', 'helm'] as const) {
      const problems = manifestDifferences(outputs.construct, 'construct', outputs[peer], peer);
      if (problems.length > 0) throw new Error(`${size} versions: ${peer} output differs from the construct's:\n${problems.join('\n')}`);
    }
    // The writer experiment must be a drop-in: the very same bytes, not just the same objects.
    if (outputs.fastyaml !== outputs.construct) throw new Error(`${size} versions: fast-yaml.js output is not byte-identical to cdk8s's`);
    const objects = outputs.construct.split(/^---$/m).length;
    console.log(`  ${size} versions: ${objects} objects, construct = baseline = helm template (objects), = fast-yaml (bytes)`);
  }
}

function measureSizes(helm: string): SizeResult[] {
  const samples = new Map<string, { wall: number[]; rss: number[]; phases: Record<string, number[]> }>();
  for (let round = 0; round < ROUNDS; round++) {
    for (const size of SIZES) {
      // Rotate the tool order each round so no tool always runs first (cold caches) or last.
      const order = TOOLS.map((_, i) => TOOLS[(i + round) % TOOLS.length]);
      for (const tool of order) {
        const r = runTool(tool, size, helm);
        const key = `${tool}/${size}`;
        const s = samples.get(key) ?? { wall: [], rss: [], phases: {} };
        s.wall.push(r.wallMs);
        s.rss.push(r.peakRssMb);
        for (const [phase, ms] of Object.entries(r.phases ?? {})) (s.phases[phase] ??= []).push(ms);
        samples.set(key, s);
      }
    }
    console.log(`  round ${round + 1}/${ROUNDS} done`);
  }
  return SIZES.map((size) => ({
    versions: size,
    tools: Object.fromEntries(TOOLS.map((tool) => {
      const s = samples.get(`${tool}/${size}`)!;
      const phases: Record<string, Summary> = {};
      for (const [phase, values] of Object.entries(s.phases)) phases[phase] = summarize(values);
      return [tool, { wallMs: summarize(s.wall), peakRssMb: summarize(s.rss), phases }];
    })) as SizeResult['tools'],
  }));
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
  mkdirSync(WORK, { recursive: true });
  mkdirSync(RESULTS, { recursive: true });
  console.log('building the library (npm run build) …');
  sh('npm', ['run', '--silent', 'build']);
  const helm = sh('bash', [join('scripts', 'fetch-kubectl.sh'), 'helm']);
  console.log('checking that the three tools emit the same objects …');
  checkEquivalence(helm);
  console.log(`measuring ${SIZES.join(', ')} versions × ${TOOLS.join(', ')}, ${ROUNDS} interleaved rounds …`);
  const sizes = measureSizes(helm);
  console.log(`measuring end-to-end npx cdk8s synth of the sample, ${E2E_ROUNDS} rounds …`);
  const e2e = measureEndToEnd();
  const sample = describeOutput(join(REPO_ROOT, 'dist'));

  const versions = {
    cdk8s: require('cdk8s/package.json').version as string,
    'cdk8s-plus-28': require('cdk8s-plus-28/package.json').version as string,
    'cdk8s-cli': require('cdk8s-cli/package.json').version as string,
    helm: firstLine(helm, ['version', '--short']),
  };
  const results = { machine: machineLines(), versions, rounds: ROUNDS, sizes, e2e, sample };
  writeFileSync(join(RESULTS, 'synth.json'), `${JSON.stringify(results, null, 2)}\n`);
  const series = (pick: (t: SizeResult['tools'][ToolName]) => Summary) => TOOLS.map((tool) => ({
    name: TOOL_LABELS[tool],
    points: sizes.map((s) => ({ x: s.versions, y: Math.round(pick(s.tools[tool]).median), min: pick(s.tools[tool]).min, max: pick(s.tools[tool]).max })),
  }));
  writeFileSync(join(RESULTS, 'synth-time.svg'), lineChart('Synth wall time vs. fleet size (median, min–max)', 'model versions', 'wall time (ms)',
    series((t) => t.wallMs)));
  writeFileSync(join(RESULTS, 'synth-rss.svg'), lineChart('Synth peak RSS vs. fleet size (median)', 'model versions', 'peak RSS (MB)',
    series((t) => t.peakRssMb)));
  writeSynthReport(results);
  console.log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s: BENCHMARKS.md, bench/results/synth.json, bench/results/synth-*.svg`);
}

main();
