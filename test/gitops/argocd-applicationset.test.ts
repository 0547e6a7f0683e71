import { Chart, Testing } from 'cdk8s';
import { parse } from 'yaml';
import { ArgoCdApplication, ArgoCdApplicationProps } from '../../lib/gitops/argocd';
import { ArgoCdApplicationSet, ArgoCdApplicationSetEnvironment, ArgoCdApplicationSetProps } from '../../lib/gitops/argocd-applicationset';
import { expectValidManifests } from '../support/manifest-checker';
import { findManifestProblems } from '../support/manifest-checker/hygiene';
import { testApp } from '../support/synth';

const REPO = 'https://github.com/example/iris-serving.git';
const ENVIRONMENTS: ArgoCdApplicationSetEnvironment[] = [
  { name: 'staging', path: 'dist/staging', namespace: 'models-staging' },
  { name: 'production', path: './dist/production/', namespace: 'models', hpaManagedDeployments: ['iris-1-1-0', 'iris-1-0-0', 'iris-1-1-0'] },
];

function synthApplicationSet(overrides: Partial<ArgoCdApplicationSetProps> = {}): any {
  const chart = new Chart(testApp(), 'gitops');
  new ArgoCdApplicationSet(chart, 'model-serving', { repoUrl: REPO, environments: ENVIRONMENTS, ...overrides });
  const objects = Testing.synth(chart);
  expect(objects).toHaveLength(1);
  return objects[0];
}

function errorOf(overrides: Partial<ArgoCdApplicationSetProps>): string {
  try {
    synthApplicationSet(overrides);
  } catch (error: any) {
    return error.message;
  }
  throw new Error('expected the construct to throw');
}

/**
 * Renders a Go template of the ApplicationSet for one element, the way Argo CD's text/template does,
 * for exactly the actions the construct writes: `{{ .key }}`, `{{ toJson . }}`, `{{ if hasKey . "key" }}`,
 * `{{ else }}`, `{{ range .key }}`, `{{ end }}`, with `{{-`/`-}}` whitespace trimming and missingkey=error.
 * Any other action throws, so a template this cannot follow fails the test instead of passing unchecked.
 */
function renderGoTemplate(template: string, dot: unknown): string {
  type Node = string | { action: string; children?: Node[]; otherwise?: Node[] };
  const tokens: Node[] = [];
  let last = 0;
  for (const match of template.matchAll(/\{\{(-?)\s*(.*?)\s*(-?)\}\}/g)) {
    let text = template.slice(last, match.index);
    if (match[1] === '-') text = text.replace(/\s+$/, '');
    if (tokens.length > 0 && typeof tokens[tokens.length - 1] === 'object' && (tokens[tokens.length - 1] as any).trimNext) text = text.replace(/^\s+/, '');
    tokens.push(text, Object.assign({ action: match[2] }, match[3] === '-' ? { trimNext: true } : {}));
    last = match.index! + match[0].length;
  }
  let tail = template.slice(last);
  if (tokens.length > 0 && (tokens[tokens.length - 1] as any).trimNext) tail = tail.replace(/^\s+/, '');
  tokens.push(tail);

  // Nest if/else/range ... end.
  let position = 0;
  const parseBlock = (): { nodes: Node[]; closer?: string } => {
    const nodes: Node[] = [];
    while (position < tokens.length) {
      const token = tokens[position++];
      if (typeof token === 'string') { nodes.push(token); continue; }
      if (token.action === 'end' || token.action === 'else') return { nodes, closer: token.action };
      if (/^(if|range) /.test(token.action)) {
        const body = parseBlock();
        const node: Node = { action: token.action, children: body.nodes };
        if (body.closer === 'else') node.otherwise = parseBlock().nodes;
        nodes.push(node);
        continue;
      }
      nodes.push(token);
    }
    return { nodes };
  };
  const field = (context: any, key: string) => {
    if (context === null || typeof context !== 'object' || !(key in context)) throw new Error(`map has no entry for key "${key}"`);
    return context[key];
  };
  const evaluate = (nodes: Node[], context: any): string => nodes.map((node) => {
    if (typeof node === 'string') return node;
    let m: RegExpMatchArray | null;
    if ((m = /^if hasKey \. "(\w+)"$/.exec(node.action))) {
      return evaluate(context !== null && typeof context === 'object' && m[1] in context ? node.children! : node.otherwise ?? [], context);
    }
    if ((m = /^range \.(\w+)$/.exec(node.action))) return (field(context, m[1]) as unknown[]).map((item) => evaluate(node.children!, item)).join('');
    if ((m = /^\.(\w+)$/.exec(node.action))) return String(field(context, m[1]));
    if (node.action === 'toJson .') return JSON.stringify(context);
    throw new Error(`template action not understood: {{ ${node.action} }}`);
  }).join('');
  return evaluate(parseBlock().nodes, dot);
}

/** Every string of `value` rendered as a Go template: what the controller does to the template's fields. */
function renderStrings(value: any, element: unknown): any {
  if (typeof value === 'string') return renderGoTemplate(value, element);
  if (Array.isArray(value)) return value.map((item) => renderStrings(item, element));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renderStrings(v, element)]));
  return value;
}

/** JSON merge of a patch into a target (maps merge, the rest replaces), enough for patches that add fields. */
function merge(target: any, patch: any): any {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const result = { ...(target ?? {}) };
  for (const [key, value] of Object.entries(patch)) result[key] = merge(result[key], value);
  return result;
}

/** The Applications Argo CD's ApplicationSet controller generates from the object, one per list element. */
function generatedApplications(appSet: any): any[] {
  const spec = appSet.spec;
  expect(spec.goTemplate).toBe(true); // templatePatch only works with Go templates
  expect(spec.goTemplateOptions).toEqual(['missingkey=error']);
  return spec.generators[0].list.elements.map((element: any) => {
    const template = renderStrings(spec.template, element);
    const metadata = { ...template.metadata, namespace: appSet.metadata.namespace };
    // The controller adds the cascading-delete finalizer itself unless the template has finalizers or resources are preserved.
    if (!metadata.finalizers && !spec.syncPolicy?.preserveResourcesOnDeletion) metadata.finalizers = ['resources-finalizer.argocd.argoproj.io'];
    const patch = parse(renderGoTemplate(spec.templatePatch, element));
    return merge({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata, spec: template.spec }, patch);
  });
}

/** What ArgoCdApplication writes for the same environments and options. */
function expectedApplications(overrides: Partial<ArgoCdApplicationProps>): any[] {
  const chart = new Chart(testApp(), 'applications');
  for (const env of ENVIRONMENTS) {
    new ArgoCdApplication(chart, env.name, {
      name: `model-serving-${env.name}`, repoUrl: REPO, path: env.path, destinationNamespace: env.namespace,
      destinationServer: env.destinationServer, hpaManagedDeployments: env.hpaManagedDeployments, ...overrides,
    });
  }
  return Testing.synth(chart);
}

describe('ArgoCdApplicationSet', () => {
  test('defaults: a list generator over the environments, the Application template with the safe defaults, the HPA patch', () => {
    const appSet = synthApplicationSet();
    expect(appSet.metadata).toEqual({ name: 'model-serving', namespace: 'argocd' });
    expect(appSet.spec.generators).toEqual([{
      list: {
        elements: [
          { environment: 'staging', path: 'dist/staging', namespace: 'models-staging', server: 'https://kubernetes.default.svc' },
          { environment: 'production', path: 'dist/production', namespace: 'models', server: 'https://kubernetes.default.svc', hpaManagedDeployments: ['iris-1-0-0', 'iris-1-1-0'] },
        ],
      },
    }]);
    expect(appSet.spec.template).toEqual({
      metadata: { name: 'model-serving-{{ .environment }}', finalizers: ['resources-finalizer.argocd.argoproj.io'] },
      spec: {
        project: 'default',
        source: { repoURL: REPO, targetRevision: 'HEAD', path: '{{ .path }}', directory: { recurse: false, exclude: 'kustomization.yaml' } },
        destination: { server: '{{ .server }}', namespace: '{{ .namespace }}' },
        syncPolicy: {
          automated: { prune: true, selfHeal: true },
          syncOptions: ['CreateNamespace=true', 'RespectIgnoreDifferences=true', 'ApplyOutOfSyncOnly=true', 'PruneLast=true'],
          retry: { limit: 5, backoff: { duration: '5s', factor: 2, maxDuration: '3m' } },
        },
      },
    });
    expect(appSet.spec).not.toHaveProperty('syncPolicy');
  });

  test.each<[string, Partial<ArgoCdApplicationSetProps>]>([
    ['the defaults', {}],
    ['every option', {
      argoCdNamespace: 'gitops', repoUrl: 'git@github.com:example/iris-serving.git', targetRevision: 'main', project: 'models',
      createNamespace: false, prune: false, selfHeal: false, retryLimit: 2, cascadeDelete: false, extraSyncOptions: ['ServerSideApply=true'],
    }],
  ])('with %s, generates exactly the Applications ArgoCdApplication writes (ignoreDifferences per environment included)', (_name, overrides) => {
    const generated = generatedApplications(synthApplicationSet(overrides));
    expect(generated).toEqual(expectedApplications(overrides));
    expect(generated[1].spec.ignoreDifferences.map((d: any) => d.name)).toEqual(['iris-1-0-0', 'iris-1-1-0']);
    expect(generated[0].spec).not.toHaveProperty('ignoreDifferences');
  });

  test('a per-environment cluster reaches its Application', () => {
    const environments = [ENVIRONMENTS[0], { ...ENVIRONMENTS[1], destinationServer: 'https://prod.example.com:6443' }];
    const [staging, production] = generatedApplications(synthApplicationSet({ environments }));
    expect(staging.spec.destination.server).toBe('https://kubernetes.default.svc');
    expect(production.spec.destination).toEqual({ server: 'https://prod.example.com:6443', namespace: 'models' });
  });

  test('without cascadeDelete, resources are preserved: no finalizer in the template, and the controller told not to add one', () => {
    const appSet = synthApplicationSet({ cascadeDelete: false });
    expect(appSet.spec.template.metadata).toEqual({ name: 'model-serving-{{ .environment }}' });
    expect(appSet.spec.syncPolicy).toEqual({ preserveResourcesOnDeletion: true });
  });

  // The ApplicationSet itself is checked against its CRD in crd-schemas.test.ts (compiling that schema costs seconds).
  test('the Applications it generates pass the Application CRD schema, and the ApplicationSet is clean', () => {
    const appSet = synthApplicationSet();
    expectValidManifests(generatedApplications(appSet));
    expect(findManifestProblems([appSet])).toEqual([]);
  }, 60_000);

  test('the template rendering above follows Go templates strictly: a missing key or an unknown action fails', () => {
    expect(renderGoTemplate('{{ .path }}', { path: 'dist/x' })).toBe('dist/x');
    expect(() => renderGoTemplate('{{ .paht }}', { path: 'dist/x' })).toThrow('map has no entry for key "paht"');
    expect(() => renderGoTemplate('{{ .path | upper }}', { path: 'dist/x' })).toThrow('template action not understood');
    expect(renderGoTemplate('a\n  {{- if hasKey . "k" }}\n  yes {{- else }} no{{ end }}', {})).toBe('a no');
  });

  test.each<[Partial<ArgoCdApplicationSetProps>, string]>([
    [{ environments: [] }, 'ArgoCdApplicationSet "model-serving": environments must list at least one environment, but [] was provided'],
    [{ name: 'Model_Serving' }, 'ArgoCdApplicationSet "Model_Serving": name must be a lowercase RFC 1123 name'],
    [{ repoUrl: 'foo' }, 'repoUrl must be an https://, ssh:// or git@ URL, but "foo" was provided'],
    [{ retryLimit: 0 }, 'retryLimit must be an integer between 1 and 100, but 0 was provided'],
    [{ extraSyncOptions: ['Validate false'] }, 'extraSyncOptions[0] must be an Argo CD sync option such as "ServerSideApply=true", but "Validate false" was provided'],
    [{ environments: [{ ...ENVIRONMENTS[0], name: 'Staging' }] }, 'environments[0].name must be a lowercase RFC 1123 label (a-z, 0-9, "-"; at most 63 characters), but "Staging" was provided'],
    [{ environments: [ENVIRONMENTS[0], { ...ENVIRONMENTS[1], name: 'staging' }] }, 'environments[1].name must differ from environments[0].name (each names an Application), but "staging" was provided'],
    [{ environments: [ENVIRONMENTS[0], { ...ENVIRONMENTS[1], path: 'dist/staging/' }] },
      'environments[1].path must differ from environments[0].path on the same cluster (two Applications would prune each other\'s objects), but "dist/staging/" was provided'],
    [{ environments: [{ ...ENVIRONMENTS[0], path: '../dist' }] }, 'environments[0].path must be a relative directory inside the repository'],
    [{ environments: [{ ...ENVIRONMENTS[0], namespace: 'Models' }] }, 'environments[0].namespace must be a lowercase RFC 1123 label (a-z, 0-9, "-"; at most 63 characters), but "Models" was provided'],
    [{ environments: [{ ...ENVIRONMENTS[0], destinationServer: 'kubernetes.default.svc' }] }, 'environments[0].destinationServer must be an https:// API server URL, but "kubernetes.default.svc" was provided'],
    [{ environments: [{ ...ENVIRONMENTS[0], hpaManagedDeployments: ['Iris'] }] }, 'environments[0].hpaManagedDeployments[0] must be a lowercase RFC 1123 name'],
  ])('rejects %p', (overrides, message) => {
    expect(errorOf(overrides)).toContain(message);
  });

  test('the same path on two clusters is two environments, not a conflict', () => {
    const environments = [ENVIRONMENTS[0], { ...ENVIRONMENTS[0], name: 'staging-eu', destinationServer: 'https://eu.example.com' }];
    expect(synthApplicationSet({ environments }).spec.generators[0].list.elements).toHaveLength(2);
  });

  test('every problem is reported at once', () => {
    const message = errorOf({ repoUrl: 'foo', environments: [{ name: 'Staging', path: '/abs', namespace: 'X' }] });
    expect(message.split('\n')).toHaveLength(4);
  });
});
