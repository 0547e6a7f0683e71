/**
 * Rewrites BENCHMARKS.md's synth section from bench/results/synth.json without measuring again
 * (after a change to the report's wording): `npx ts-node --transpile-only bench/synth/report-only.ts`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../common/report';
import { writeSynthReport, type SynthResults } from './synth-report';

writeSynthReport(JSON.parse(readFileSync(join(REPO_ROOT, 'bench', 'results', 'synth.json'), 'utf8')) as SynthResults);
