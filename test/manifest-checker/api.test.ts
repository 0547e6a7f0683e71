import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { stringify } from 'yaml';
import { checkManifests, expectValidManifests, formatViolations, loadYamlDir } from '../support/manifest-checker/index';
import { goodSet } from './fixtures';
import { find } from './test-helpers';

describe('expectValidManifests', () => {
  test('passes silently on a valid set', () => {
    expect(() => expectValidManifests(goodSet())).not.toThrow();
  });

  test('throws one readable error listing every violation, grouped by object', () => {
    const objects = goodSet();
    find(objects, 'Deployment').spec.replicas = 3;
    find(objects, 'HorizontalPodAutoscaler').spec.minReplicas = 20;
    expect(() => expectValidManifests(objects)).toThrow([
      '2 manifest violation(s) in 8 object(s):',
      'HorizontalPodAutoscaler/models/iris-1-0-0:',
      '  [semantic/hpa-min-max] spec.minReplicas 20 is greater than spec.maxReplicas 10',
      'Deployment/models/iris-1-0-0:',
      "  [semantic/hpa-replicas] spec.replicas is 3 but an HPA scales this Deployment; every sync would reset the HPA's choice",
    ].join('\n'));
  });

  test('formatViolations groups several violations of one object under one header', () => {
    const text = formatViolations([
      { object: 'Service/a', rule: 'r/1', message: 'm1' },
      { object: 'Service/a', rule: 'r/2', message: 'm2' },
    ]);
    expect(text).toBe('Service/a:\n  [r/1] m1\n  [r/2] m2');
  });

  test('rejects input that is not an array', () => {
    expect(() => checkManifests({} as any)).toThrow('checkManifests expects an array of objects, got object');
  });
});

describe('works on cdk8s output', () => {
  test('Testing.synth of a chart holding the good set is valid; a broken field is caught', () => {
    const chart = Testing.chart();
    for (const obj of goodSet()) {
      const { apiVersion, kind, metadata, ...rest } = obj;
      new ApiObject(chart, `${kind}-${metadata.name}`, { apiVersion, kind, metadata, ...rest });
    }
    const synthesized = Testing.synth(chart);
    expect(synthesized).toHaveLength(goodSet().length);
    expect(checkManifests(synthesized)).toEqual([]);

    const broken = Testing.chart() as Chart;
    new ApiObject(broken, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, datas: { a: 'b' } } as any);
    expect(checkManifests(Testing.synth(broken))).toEqual([
      { object: 'ConfigMap/settings', rule: 'schema/strict', message: '(root): unknown field "datas"' },
    ]);
  });

  test('cdk8s-plus-28 defaults: schema-valid, but not restricted and not canonical (why the library sets its own)', () => {
    const chart = Testing.chart();
    new kplus.Deployment(chart, 'web', { containers: [{ image: 'nginx:1.25', portNumber: 8080 }] }).exposeViaService();
    const rules = new Set(checkManifests(Testing.synth(chart)).map((v) => v.rule));
    expect([...rules].sort()).toEqual(['pss-restricted/capabilities', 'pss-restricted/seccompProfile', 'semantic/canonical-quantity']);
  });
});

describe('loadYamlDir', () => {
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'manifest-checker-')); });
  afterEach(() => { fs.rmSync(dir, { recursive: true, force: true }); });

  const write = (relative: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
    fs.writeFileSync(path.join(dir, relative), text);
  };

  test('reads multi-document files recursively in sorted order, skipping empty documents and kustomization.yaml', () => {
    const [serviceAccount, deployment, service] = goodSet();
    write('production/b.k8s.yaml', `---\n# leading comment only\n---\n${stringify(deployment)}---\n---\n${stringify(service)}`);
    write('production/a.k8s.yaml', stringify(serviceAccount));
    write('production/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - a.k8s.yaml\n  - b.k8s.yaml\n');
    write('empty.yaml', '');
    write('notes.txt', 'not yaml: [');
    const objects = loadYamlDir(dir);
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['ServiceAccount/iris', 'Deployment/iris-1-0-0', 'Service/iris-1-0-0']);
    expect(objects[1]).toEqual(deployment);
  });

  test('parses with Kubernetes\' YAML 1.1 semantics: an unquoted yes is the boolean the cluster would see', () => {
    write('cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: flags\ndata:\n  enabled: yes\n  quoted: "yes"\n  since: 2024-01-01\n');
    const objects = loadYamlDir(dir);
    expect(objects[0].data).toEqual({ enabled: true, quoted: 'yes', since: '2024-01-01' });
    expect(checkManifests(objects)).toEqual([
      { object: 'ConfigMap/flags', rule: 'schema/strict', message: 'data.enabled: must be string (value true)' },
    ]);
  });

  test('a YAML syntax error names the file and the document', () => {
    write('bad.yaml', 'apiVersion: v1\n---\nkind: [ConfigMap\n');
    expect(() => loadYamlDir(dir)).toThrow(/bad\.yaml: YAML document 2: /);
  });

  test('a document that is not a mapping is an error', () => {
    write('list.yaml', '- a\n- b\n');
    expect(() => loadYamlDir(dir)).toThrow(/list\.yaml: YAML document 1 is a list, not a Kubernetes object/);
  });

  test('a missing directory is an error naming it', () => {
    expect(() => loadYamlDir(path.join(dir, 'nope'))).toThrow(`loadYamlDir: "${path.join(dir, 'nope')}" is not a directory`);
  });
});
