import { Yaml } from 'cdk8s';
import { manifestToYaml } from '../../lib/synth/manifest-yaml';
import { irisProps, synthModel } from '../support/synth';

/** Strings that hit YAML's corner cases: YAML 1.1 booleans and numbers, indicators, quotes, multi-line. */
const TRICKY_STRINGS = [
  '', ' ', ' lead', 'trail ', 'yes', 'No', 'on', 'OFF', 'y', 'n', 'true', 'False', 'null', 'Null', '~', '-', '--', '---',
  '0', '-1', '+1', '007', '0o17', '0x1F', '1e3', '1_000', '.5', '1.0.0', '1:20', '1:20:30', '.inf', '-.Inf', '.nan',
  '2026-11-27', '2026-11-27T03:00:00Z', 'a: b', 'a:b', 'a #b', '#x', '- x', '? x', ': x', '!tag', '&anchor', '*alias',
  '|', '>', '%x', '@x', '`x', '"quoted"', "'single'", '{a}', '[a]', 'a,b', 'line1\nline2', 'tab\there', 'ünïcödé', '😀',
  'http://example.com/a?b=c#d', 'key=value', '\\backslash', 'x'.repeat(200),
];

describe('manifestToYaml writes exactly the bytes of cdk8s Yaml.stringify', () => {
  test.each(TRICKY_STRINGS.map((s) => [JSON.stringify(s), s]))('string %s as key, value and list item', (_label, s) => {
    const doc = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', annotations: { [s || 'empty']: s } }, data: { list: [s, [s], { [s || 'k']: [s] }] } };
    expect(manifestToYaml(doc)).toBe(Yaml.stringify(doc));
  });

  test('numbers, booleans, null, empty and nested collections, sequences in sequences', () => {
    const docs = [
      { empty: {}, emptyList: [], items: [[], {}, { a: {} }, { b: [] }], numbers: [0, -1, 1.5, 1e21, 2 ** 53], flags: [true, false, null] },
      { nested: [[1, 2], [[]]] },
      {},
    ];
    for (const doc of docs) expect(manifestToYaml(doc)).toBe(Yaml.stringify(doc));
  });

  test('every object of a 20-version model with every router and option', () => {
    const versions = Array.from({ length: 20 }, (_, n) => ({
      version: `1.${n}.0`, image: `ghcr.io/example/iris-server:1.${n}.0`, weight: n < 2 ? 50 : 0, modelUri: n % 2 ? `s3://models/iris/1.${n}.0` : undefined,
    }));
    const objects = synthModel(irisProps({
      versions, autoscaling: { maxReplicas: 5 }, monitoring: { serviceMonitor: true }, mirror: { version: '1.1.0', percent: 5 },
      placement: { tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists' }], nodeSelector: { pool: 'gpu' } }, env: { GREETING: 'yes: no' },
    }));
    for (const object of objects) expect(manifestToYaml(object)).toBe(Yaml.stringify(object));
  });
});
