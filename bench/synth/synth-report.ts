/** Turns the synth benchmark's results into its BENCHMARKS.md section (tables + chart links). */
import { replaceSection, table } from '../common/report';
import { cell, fmt, type Summary } from '../common/stats';

export type ToolName = 'fast' | 'cdk8s' | 'helm';
export const TOOLS: ToolName[] = ['fast', 'cdk8s', 'helm'];

export const TOOL_LABELS: Record<ToolName, string> = {
  fast: 'ModelServing + synthFolders',
  cdk8s: 'ModelServing + app.synth()',
  helm: 'helm template',
};

export interface ToolResult {
  readonly wallMs: Summary;
  readonly peakRssMb: Summary;
  /** In-process phases printed by the cdk8s children (see synth-app.js), plus exitMs from the runner. */
  readonly phases: Record<string, Summary>;
}

export interface CaseResult {
  readonly fleet: 'fleet' | 'single';
  readonly versions: number;
  readonly objects: number;
  readonly tools: Record<ToolName, ToolResult>;
}

export interface E2eResult {
  readonly name: string;
  readonly wallMs: Summary;
  readonly peakRssMb: Summary;
}

export interface SynthResults {
  readonly machine: string[];
  /** 1/5/15-minute load averages at the start and the end of the run: the machine is shared. */
  readonly loadAverage: { readonly before: string; readonly after: string };
  readonly versions: Record<string, string>;
  readonly rounds: number;
  readonly cases: CaseResult[];
  /** `helm version`: helm's start-up alone. */
  readonly helmStartMs: Summary;
  readonly e2e: E2eResult[];
  /** What the sample app synthesizes (counted in dist/, which every e2e run must equal). */
  readonly sample: { objects: number; folders: number };
}

const TARGET = 1.5;
const MOONSHOT = 1.0;
const ratio = (a: Summary, b: Summary) => a.median / b.median;
const times = (r: number) => `${r.toFixed(2)}×`;
const fleetLabel = (c: CaseResult) => {
  if (c.fleet === 'single') return '1 model';
  return c.versions === 1 ? '1 model × 1' : `${Math.ceil(c.versions / 2)} models × 2`;
};

function verdict(c: CaseResult | undefined, what: string): string {
  if (!c) return `- ${what}: not measured`;
  const fast = ratio(c.tools.fast.wallMs, c.tools.helm.wallMs);
  const status = fast <= MOONSHOT ? 'met, moonshot met too' : fast <= TARGET ? 'met; moonshot of 1.0× not met' : 'missed';
  return `- ${what}: synthFolders **${times(fast)}** (${fmt(c.tools.fast.wallMs.median)} vs ${fmt(c.tools.helm.wallMs.median)} ms) — ${status}; `
    + `app.synth(): ${times(ratio(c.tools.cdk8s.wallMs, c.tools.helm.wallMs))}`;
}

export function writeSynthReport(r: SynthResults): void {
  const fleet200 = r.cases.find((c) => c.fleet === 'fleet' && c.versions === 200);
  const single200 = r.cases.find((c) => c.fleet === 'single' && c.versions === 200);
  const [shipped, typeChecked] = r.e2e;
  const p = (c: CaseResult, tool: ToolName, phase: string) => c.tools[tool].phases[phase]?.median ?? NaN;
  const md = [
    '### Synthesis: results',
    '',
    ...r.machine,
    ...Object.entries(r.versions).map(([name, version]) => `- ${name} ${version}`),
    `- ${r.rounds} interleaved rounds per cell (tool order rotating); wall time = process spawn → exit, measured by the runner;`
      + ' peak RSS from GNU time (%M). Cells: median (min–max).',
    `- Load average (1/5/15 min) at start: ${r.loadAverage.before}; at end: ${r.loadAverage.after} (2 cores, shared with other work).`,
    '',
    `**Target: ≤ ${TARGET}× \`helm template\` at 200 versions (moonshot ${MOONSHOT}×), wall time, medians:**`,
    '',
    verdict(fleet200, '200 versions, 100 models × 2'),
    verdict(single200, '200 versions, 1 model (90/10 + 198 dark-launched at weight 0)'),
    `- End to end, \`npx cdk8s synth\` of the sample as committed: ${fmt(shipped.wallMs.median)} ms vs ${fmt(typeChecked.wallMs.median)} ms`
      + ` with type-checking ts-node (${times(ratio(shipped.wallMs, typeChecked.wallMs))}).`,
    '',
    '![Synth wall time vs. fleet size](bench/results/synth-time.svg)',
    '',
    '#### Wall time (ms)',
    '',
    table(['fleet', 'versions', 'objects', TOOL_LABELS.fast, TOOL_LABELS.cdk8s, TOOL_LABELS.helm, 'synthFolders / helm', 'app.synth() / helm'],
      r.cases.map((c) => [fleetLabel(c), String(c.versions), String(c.objects), cell(c.tools.fast.wallMs), cell(c.tools.cdk8s.wallMs),
        cell(c.tools.helm.wallMs), times(ratio(c.tools.fast.wallMs, c.tools.helm.wallMs)), times(ratio(c.tools.cdk8s.wallMs, c.tools.helm.wallMs))])),
    '',
    '#### Where a synthFolders run goes (median ms)',
    '',
    'start = Node\'s bootstrap before the script runs; modules = loading cdk8s, cdk8s-plus-28\'s Kubernetes classes, the library and',
    'whatever a phase loads on first use (the Gateway API classes); build = constructing the objects (validation, defaults, sync waves);',
    'resolve = validating the app and resolving every object to JSON (`planSynth`); write = rendering YAML and writing the file',
    '(`writeSynthPlan`); spawn + exit = the runner\'s wall time minus the script\'s last timestamp: starting the process before Node\'s',
    'clock starts (GNU time, then node) and its exit. Medians of each phase, so they need not add up to the median wall time.',
    `For comparison, \`helm version\` (helm's start-up alone) takes ${cell(r.helmStartMs)} ms.`,
    '',
    table(['fleet', 'versions', 'start', 'modules', 'build', 'resolve', 'write', 'spawn + exit', 'wall', 'start + modules', 'app.synth() (resolve + write)'],
      r.cases.map((c) => {
        const load = p(c, 'fast', 'startMs') + p(c, 'fast', 'moduleMs');
        return [fleetLabel(c), String(c.versions), ...['startMs', 'moduleMs', 'buildMs', 'resolveMs', 'writeMs', 'exitMs'].map((k) => fmt(p(c, 'fast', k))),
          fmt(c.tools.fast.wallMs.median), `${fmt(load)} (${fmt((100 * load) / c.tools.fast.wallMs.median)} %)`, fmt(p(c, 'cdk8s', 'synthMs'))];
      })),
    '',
    '#### Peak RSS (MB)',
    '',
    table(['fleet', 'versions', ...TOOLS.map((t) => TOOL_LABELS[t])],
      r.cases.map((c) => [fleetLabel(c), String(c.versions), ...TOOLS.map((t) => cell(c.tools[t].peakRssMb))])),
    '',
    '![Synth peak RSS vs. fleet size](bench/results/synth-rss.svg)',
    '',
    `#### End-to-end \`npx cdk8s synth\` of the sample (main.ts + models.yaml → ${r.sample.objects} objects in ${r.sample.folders} folders;`
      + ' output checked equal to dist/)',
    '',
    table(['app command', 'wall time (ms)', 'peak RSS (MB)'], r.e2e.map((e) => [e.name, cell(e.wallMs), cell(e.peakRssMb)])),
  ].join('\n');
  replaceSection('bench:synth', md);
}
