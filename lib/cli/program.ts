/**
 * The `model-serving` command line (commander): argument parsing, option checks and help. The
 * work itself is in ./commands; this file only wires options to it.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { imageReferenceProblem } from '../core/validation/image-reference';
import { LABEL_VALUE } from '../core/validation/patterns';
import { advance } from './advance/advance';
import { canaryList } from './advance/canary-status';
import { release, promote, rollback, retire, status } from './commands';
import { ModelsSession } from './models-session';
import { TOTAL_WEIGHT } from './weights';

/** Builds the program; `print` receives each command's report lines. */
export function buildProgram(print: (line: string) => void): Command {
  const program = new Command('model-serving')
    .description('Release, promote, advance, roll back and retire model versions declared in models.yaml, then re-synthesize dist/.')
    // Usage errors on one line too (commander puts "(Did you mean --weight?)" on a second one); inherited by the commands.
    .configureOutput({ outputError: (message, write) => write(`${message.trim().replace(/\s*\n\s*/g, ' ')}\n`) })
    .addHelpText('after', `
Every command edits models.yaml in place (comments and order kept), validates the result like synth does,
writes it atomically and re-runs \`npx cdk8s synth\` unless --no-synth. On any error, or Ctrl-C, models.yaml
and dist/ are left as they were (exit code 1, or 128 + the signal). One editing command runs at a time.
--env defaults to every environment that serves the model (for promote, retire and rollback --to:
every environment that has the version); the pull request is the review of each change.

Release a model version in three commands (each one a pull request):
  $ npx model-serving release iris --version 1.2.0 --image ghcr.io/example/iris-server:1.2.0   # deployed, weight 0
  $ npx model-serving promote iris --version 1.2.0                                               # 100 %, others at 0
  $ npx model-serving retire  iris --version 1.0.0                                               # removed once at 0
For a canary, promote with --weight 10, then --weight 50, before the 100 (--env <name> moves one environment).
Every editing command leaves the weights of the environments it acts on summing to 100.
Or let the metrics decide each canary step (models.yaml \`canary\`, run on a schedule):
  $ npx model-serving advance iris --env production
Reference: docs/release.md, docs/progressive-delivery.md`);

  const run = async (action: () => string[] | Promise<string[]>) => (await action()).forEach((line) => print(line));

  common(program.command('release')
    .description('add a version (weight 0 unless --weight: deployed and warm, no request reaches it unless --dark-launch)')
    .argument('<model>', 'model name, a key of models: in models.yaml')
    .requiredOption('--version <version>', 'the new version, e.g. 1.2.0', parseVersion)
    .requiredOption('--image <image>', 'its server image, by tag (repo:1.2.0) or digest (repo@sha256:...)', parseImage)
    .option('--weight <percent>', 'percent of traffic to give it at once, the other versions sharing the rest', parsePercent, 0)
    .option('--replicas <count>', 'its pod count (or HPA minimum); default: the model\'s default', parseReplicas)
    .option('--model-uri <uri>', 'where its model artifacts live (s3://, gs://, https://, pvc://) when not in the image')
    .option('--dark-launch', 'at weight 0, still route requests pinned to it (version header or /v2/models/<model>/versions/<version>) so it can be tested before it gets traffic; needs gateway'), true)
    .action((model: string, o) => run(() => release(model, o)));

  common(program.command('promote')
    .description('give a version a percent of the traffic; the other versions share the rest in proportion to their weights (100: the others drop to 0 and stay deployed until retire)')
    .argument('<model>', 'model name')
    .requiredOption('--version <version>', 'the version to promote', parseVersion)
    .option('--weight <percent>', 'its percent of traffic', parsePercent, TOTAL_WEIGHT), true)
    .action((model: string, o) => run(() => promote(model, o)));

  common(program.command('rollback')
    .description('restore the weights of the most recent git revision of models.yaml that had different ones (uncommitted edits count as the latest change), or send all traffic to --to')
    .argument('<model>', 'model name')
    .option('--to <version>', 'send 100% of the traffic to this version instead', parseVersion), true)
    .action((model: string, o) => run(() => rollback(model, o)));

  common(program.command('retire')
    .description('remove a version that has weight 0 (its Deployment, Service, HPA and PDB disappear from dist/)')
    .argument('<model>', 'model name')
    .requiredOption('--version <version>', 'the version to remove', parseVersion), true)
    .action((model: string, o) => run(() => retire(model, o)));

  common(program.command('advance')
    .description('one step of a canary (models.yaml `canary`): start it, or ask Prometheus about the candidate and move it to '
      + 'the next step, wait, or roll it back. Exit 0: started, advanced, complete or nothing to do; 2: waiting; 3: rolled back; 1: error')
    .argument('<model>', 'model name')
    .option('--version <version>', 'the candidate (default: the last version listed in the environment)', parseVersion)
    .option('--prometheus <url>', 'Prometheus base URL (default: PROMETHEUS_URL, then canary.analysis.prometheusUrl)', parseUrl)
    .option('--json', 'print the decision as one JSON object', false), true)
    .action(async (model: string, o) => {
      const outcome = await advance(model, o);
      outcome.lines.forEach((line) => print(line));
      process.exitCode = outcome.exitCode;
    });

  program.command('canaries')
    .description('the models and environments that have a canary, as one JSON array of {"model","environment"} (for a pipeline\'s matrix)')
    .option('--file <path>', 'the models file', 'models.yaml')
    .action((o: { file: string }) => print(JSON.stringify(canaryList(ModelsSession.open(o.file).config))));

  common(program.command('status')
    .description('table of the versions, weights, traffic shares, replicas and images')
    .argument('[model]', 'only this model'), false)
    .action((model: string | undefined, o) => run(() => status(model, o)));

  return program;
}

/** Options every command shares; `edits` adds --no-synth. */
function common(command: Command, edits: boolean): Command {
  command
    .addOption(new Option('--env <names>', 'environment(s) to act on, comma-separated or repeated')
      .argParser(collectNames).default([], 'every environment that serves the model'))
    .option('--file <path>', 'the models file', 'models.yaml');
  if (edits) command.addOption(new Option('--no-synth', 'only edit models.yaml; do not re-run `npx cdk8s synth`'));
  return command;
}

function collectNames(value: string, previous: string[]): string[] {
  return [...previous, ...value.split(',').map((s) => s.trim()).filter((s) => s !== '')];
}

function parseVersion(value: string): string {
  if (!LABEL_VALUE.test(value)) throw new InvalidArgumentError('A version is letters, digits, ".", "-" and "_" (at most 63 characters, alphanumeric at both ends), e.g. 1.2.0.');
  return value;
}

function parsePercent(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > TOTAL_WEIGHT) throw new InvalidArgumentError(`It must be an integer between 0 and ${TOTAL_WEIGHT} (percent of traffic).`);
  return n;
}

function parseReplicas(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 1000) throw new InvalidArgumentError('It must be an integer between 0 and 1000.');
  return n;
}

function parseUrl(value: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || !['http:', 'https:'].includes(url.protocol)) throw new InvalidArgumentError('It must be an http:// or https:// URL, e.g. http://prometheus.monitoring.svc:9090.');
  return value;
}

/** A pinned image: a git revert must change what runs, so a tag other than latest, or a digest. */
function parseImage(value: string): string {
  if (imageReferenceProblem(value) !== undefined) {
    throw new InvalidArgumentError('It must name a fixed tag or a digest, e.g. ghcr.io/example/iris-server:1.2.0 or ghcr.io/example/iris-server@sha256:<64 hex digits> (not :latest).');
  }
  return value;
}
