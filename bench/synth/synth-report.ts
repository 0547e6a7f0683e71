/** Turns the synth benchmark's results into its BENCHMARKS.md section (tables + chart links). */
import { replaceSection, table } from '../common/report';
import { cell, fmt, type Summary } from '../common/stats';

export type ToolName = 'construct' | 'baseline' | 'helm' | 'fastyaml';

export const TOOL_LABELS: Record<ToolName, string> = {
  construct: 'ModelServing (compiled JS)',
  baseline: 'hand-written cdk8s',
  helm: 'helm template',
  fastyaml: 'ModelServing + manifestToYaml (synthFolders, as main.ts)',
};

export interface ToolResult {
  readonly wallMs: Summary;
  readonly peakRssMb: Summary;
  /** In-process phases printed by the cdk8s children (loadMs, constructMs, synthMs). */
  readonly phases: Record<string, Summary>;
}

export interface SizeResult {
  readonly versions: number;
  readonly tools: Record<ToolName, ToolResult>;
}

export interface E2eResult {
  readonly name: string;
  readonly wallMs: Summary;
  readonly peakRssMb: Summary;
}

export interface SynthResults {
  readonly machine: string[];
  readonly versions: Record<string, string>;
  readonly rounds: number;
  readonly sizes: SizeResult[];
  readonly e2e: E2eResult[];
  /** What the sample app synthesizes (counted in dist/, which every e2e run must equal). */
  readonly sample: { objects: number; folders: number };
}

const TOOLS_IN_ORDER: ToolName[] = ['construct', 'baseline', 'helm', 'fastyaml'];
const ratio = (a: Summary, b: Summary) => `${(a.median / b.median).toFixed(2)}×`;
const objects = (versions: number) => Math.ceil(versions / 2) * 4 + versions * 4;

export function writeSynthReport(r: SynthResults): void {
  const at200 = r.sizes.find((s) => s.versions === 200);
  const target200 = at200 ? at200.tools.construct.wallMs.median / at200.tools.helm.wallMs.median : NaN;
  const fast200 = at200 ? at200.tools.fastyaml.wallMs.median / at200.tools.helm.wallMs.median : NaN;
  const shipped = r.e2e[0];
  const typeChecked = r.e2e[1];
  const md = [
    '### Synthesis: results',
    '',
    ...r.machine,
    ...Object.entries(r.versions).map(([name, version]) => `- ${name} ${version}`),
    `- ${r.rounds} interleaved rounds per cell (tool order rotating); wall time = process spawn → exit, measured by the runner;`
      + ' peak RSS from GNU time (%M). Cells: median (min–max).',
    '',
    `**Target: 200 versions via the construct ≤ 1.5× \`helm template\`** → with \`synthFolders\` (the library's writer, what main.ts uses) `
      + `**${fast200.toFixed(2)}×** (${fast200 <= 1.5 ? 'met' : 'missed'}${fast200 <= 1.0 ? ', ambition of 1.0× met too' : ', ambition of 1.0× not met'}); `
      + `with cdk8s's own \`app.synth()\` writer, same bytes: ${target200.toFixed(2)}×.`,
    `**Target: end-to-end \`npx cdk8s synth\` well under the ts-node default** → ${fmt(shipped.wallMs.median)} ms vs `
      + `${fmt(typeChecked.wallMs.median)} ms (${ratio(shipped.wallMs, typeChecked.wallMs)}).`,
    '',
    '![Synth wall time vs. fleet size](bench/results/synth-time.svg)',
    '',
    '#### Wall time (ms)',
    '',
    table(['versions', 'objects', TOOL_LABELS.construct, TOOL_LABELS.baseline, TOOL_LABELS.helm, 'construct / helm', 'construct / hand-written',
      TOOL_LABELS.fastyaml, 'synthFolders / helm'],
    r.sizes.map((s) => [String(s.versions), String(objects(s.versions)), cell(s.tools.construct.wallMs), cell(s.tools.baseline.wallMs),
      cell(s.tools.helm.wallMs), ratio(s.tools.construct.wallMs, s.tools.helm.wallMs), ratio(s.tools.construct.wallMs, s.tools.baseline.wallMs),
      cell(s.tools.fastyaml.wallMs), ratio(s.tools.fastyaml.wallMs, s.tools.helm.wallMs)])),
    '',
    '#### Peak RSS (MB)',
    '',
    table(['versions', ...TOOLS_IN_ORDER.map((t) => TOOL_LABELS[t])],
      r.sizes.map((s) => [String(s.versions), ...TOOLS_IN_ORDER.map((t) => cell(s.tools[t].peakRssMb))])),
    '',
    '![Synth peak RSS vs. fleet size](bench/results/synth-rss.svg)',
    '',
    '#### Where the cdk8s time goes (in-process phases, median ms)',
    '',
    'load = `require` of cdk8s, cdk8s-plus-28 and the library; build = constructing the objects (for ModelServing: validation,',
    'defaults, sync waves); synth = `app.synth()`: resolving every object to JSON and writing YAML with cdk8s\'s writer (synthFolders: the same with manifestToYaml).',
    '',
    table(['versions', 'ModelServing load', 'build', 'synth', 'hand-written load', 'build', 'synth', 'synthFolders synth'],
      r.sizes.map((s) => {
        const p = (t: ToolName, k: string) => fmt(s.tools[t].phases[k]?.median ?? NaN);
        return [String(s.versions), p('construct', 'loadMs'), p('construct', 'constructMs'), p('construct', 'synthMs'),
          p('baseline', 'loadMs'), p('baseline', 'constructMs'), p('baseline', 'synthMs'), p('fastyaml', 'synthMs')];
      })),
    '',
    `#### End-to-end \`npx cdk8s synth\` of the sample (main.ts + models.yaml → ${r.sample.objects} objects in ${r.sample.folders} folders;`
      + ' output checked equal to dist/)',
    '',
    table(['app command', 'wall time (ms)', 'peak RSS (MB)'], r.e2e.map((e) => [e.name, cell(e.wallMs), cell(e.peakRssMb)])),
  ].join('\n');
  replaceSection('bench:synth', md);
}
