import { Yaml } from 'cdk8s';
import { isPlainSafe, manifestToYaml, manifestYamlPath } from '../../lib/synth/manifest-yaml';
import { irisProps, synthModel } from '../support/synth';

/**
 * The writer must produce cdk8s's bytes on its own fast path, not by handing documents to the
 * `yaml` package: every test here says which path it expects, and the corner cases sit in flat
 * documents (maps and lists of scalars) so that nothing else in them forces a fallback.
 */
const expectFast = (doc: unknown) => {
  expect(manifestYamlPath(doc)).toEqual({ path: 'fast' });
  expect(manifestToYaml(doc)).toBe(Yaml.stringify(doc));
};
const expectFallback = (doc: unknown, reason: RegExp) => {
  const path = manifestYamlPath(doc);
  expect(path.path).toBe('fallback');
  expect(path.path === 'fallback' && path.reason).toMatch(reason);
  expect(manifestToYaml(doc)).toBe(Yaml.stringify(doc));
};

/** Strings that hit YAML's corner cases: YAML 1.1 booleans and numbers, indicators, quotes, escapes. */
const TRICKY_STRINGS = [
  '', ' ', ' lead', 'trail ', 'yes', 'No', 'on', 'OFF', 'y', 'n', 'true', 'False', 'null', 'Null', '~', '-', '--',
  '0', '-1', '+1', '007', '0o17', '0x1F', '0b101', '1e3', 'e3', 'E-3', '1_000', '.5', '1.0.0', '1:20', '1:20:30', '.inf', '-.Inf', '.nan',
  '2026-11-27', '2026-11-27T03:00:00Z', 'a: b', 'a:b', 'a:', ':x', 'a #b', 'a#b', '#x', '- x', '? x', ': x', '!tag', '&anchor', '*alias',
  '|', '>', '%x', '@x', '`x', '"quoted"', "'single'", "it's", '{a}', '[a]', 'a,b', 'tab\there', 'cr\rhere', 'nul\u0000here', 'bell\u0007',
  '\ufeffbom', 'ünïcödé', '😀', 'http://example.com/a?b=c#d', 'key=value', '=', '<<', '\\backslash', 'x'.repeat(200),
  'NaN', 'Infinity', 'app.kubernetes.io/name', 'ghcr.io/example/iris-server:1.0.0', '500m', '512Mi', '9090', '-0', '1.', '1.5e+3',
];

describe('manifestToYaml: tricky strings in flat documents take the fast path with cdk8s\'s bytes', () => {
  test.each(TRICKY_STRINGS.map((s) => [JSON.stringify(s), s]))('%s as a top-level key, a nested key, a value and a list item', (_label, s) => {
    expectFast({ [s]: s, kind: 'ConfigMap' });
    expectFast({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', annotations: { [s]: s } }, data: { [s]: s, list: [s, s] } });
    expectFast({ a: { b: { c: { [s]: [s] } } }, list: [{ [s]: s, other: s }] });
  });

  test('a key that must be quoted is quoted, also when nested (a bare #x would be a comment: the key would be lost)', () => {
    expectFast({ a: { '#x': 'v' } });
    expect(manifestToYaml({ a: { '#x': 'v' } })).toBe('a:\n  "#x": v\n');
    expect(manifestToYaml({ a: { yes: 'no' } })).toBe('a:\n  "yes": "no"\n');
  });

  test('numbers, booleans, null and undefined (written as null, like cdk8s)', () => {
    const numbers = [0, -0, 1, -1, 1.5, -2.25, 0.1 + 0.2, 1e21, 1e-7, 2 ** 53, -(2 ** 53), NaN, Infinity, -Infinity];
    expectFast({ numbers, flags: [true, false, null, undefined], scalar: { a: true, b: null, c: undefined, d: 0, e: -0 } });
    // -0 and 0 differ in YAML: a memo keyed by number must not confuse them.
    expect(manifestToYaml({ a: 0, b: -0 })).toBe('a: 0\nb: -0\n');
  });

  test('empty collections, maps in lists, lists in lists', () => {
    expectFast({ empty: {}, emptyList: [], items: [[], {}, { a: {} }, { b: [] }], nested: [[1, 2], [[]], [[{ a: 1, b: [] }]], [[[3]]]] });
    expectFast({ a: [{ b: [{ c: [[{ d: 'yes' }]] }] }] });
  });

  test('documents fall back to the yaml package only when the fast writer cannot know the bytes, and say why', () => {
    expectFallback({ a: 'line1\nline2' }, /multi-line scalar at \.a/);
    expectFallback({ a: { '---': 1 } }, /document marker/);
    expectFallback({ a: ['--- x'] }, /document marker at \.a/);
    const shared = { team: 'ml' };
    expectFallback({ metadata: { labels: shared }, spec: { labels: shared } }, /appears twice \(an alias\) at \.spec/);
    expectFallback({ a: [new Date(0)] }, /an instance of Date at \.a\[0\]/);
    expectFallback({ ['k'.repeat(1030)]: 1 }, /not a one-line implicit key/);
    expectFallback({}, /empty object/);
    expectFallback(['a'], /not a plain object/);
  });
});

test('isPlainSafe holds for every string it accepts: the yaml package writes it as is, as a key and as a value', () => {
  // Every string of up to three characters over the letters of YAML 1.1's special words, digits and
  // the separators; numbers, dates and near misses; and random longer strings over a digit-heavy
  // alphabet, where integers, floats and dates hide.
  const alphabet = 'aeEfFlLnNoOrRsStTuUyYbx0179._/-'.split('');
  const candidates = new Set<string>(['yes', 'Yes', 'YES', 'no', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'on', 'On', 'ON', 'off', 'Off',
    'OFF', 'null', 'Null', 'NULL', 'nULL', 'tRUE', 'yES', 'e10', 'E-10', 'e1_0', 'e1.0', 'Infinity', 'NaN', 'nan', 'inf', 'x'.repeat(1000), 'x'.repeat(1001),
    '2026-11-27', '2026-1-2', '2026-11-270', '202-11-27', '20261-11-27', '2026-11-27T03', '1e5', '1.5e-3', '1.5e-3.1', '1_0.5', '0x1F', '0xG', '0x', '0b',
    '0b2', '0b101', '017', '08', '1.', '1.0.0', '10.0.0.1', '500m', '512Mi', '1Gi', '1e', '9090', '1_000_000', '1__', '0.5.1', '7-eleven', '3d']);
  for (const a of alphabet) for (const b of ['', ...alphabet]) for (const c of ['', ...alphabet]) candidates.add(a + b + c);
  let seed = 42;
  const random = () => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed / 2 ** 31; };
  const digits = '0123456789._-eExb'.split('');
  for (let i = 0; i < 5000; i++) {
    let text = String(Math.floor(random() * 10));
    for (let n = Math.floor(random() * 10); n > 0; n--) text += digits[Math.floor(random() * digits.length)];
    candidates.add(text);
  }
  const wrong: string[] = [];
  let accepted = 0;
  for (const s of candidates) {
    if (!isPlainSafe(s)) continue;
    accepted++;
    if (Yaml.stringify(s) !== `${s}\n` || Yaml.stringify({ [s]: null }) !== `${s}: null\n` || Yaml.stringify({ a: { [s]: [s] } }) !== `a:\n  ${s}:\n    - ${s}\n`) {
      wrong.push(s);
    }
  }
  expect(wrong).toEqual([]);
  expect(accepted).toBeGreaterThan(15_000);
  const quoted = ['yes', 'Off', 'NULL', 'y', 'N', 'e5', 'E-3', '8080', '1.5', '1.', '1e3', '1_000', '0x1F', '0b101', '017', '2026-11-27', 'x'.repeat(1001), '-a', '.5', 'a b', 'a:b'];
  expect(quoted.filter(isPlainSafe)).toEqual([]);
  expect(['iris-1-0-0', 'ghcr.io/example/iris-server', '1.2.0', '500m', '512Mi', '10.0.0.1', '2026-11-270'].every(isPlainSafe)).toBe(true);
});

test('every object of a 20-version model with every router and option takes the fast path', () => {
  const versions = Array.from({ length: 20 }, (_, n) => ({
    version: `1.${n}.0`, image: `ghcr.io/example/iris-server:1.${n}.0`, weight: n < 2 ? 50 : 0, modelUri: n % 2 ? `s3://models/iris/1.${n}.0` : undefined,
  }));
  const objects = synthModel(irisProps({
    versions, autoscaling: { maxReplicas: 5 }, monitoring: { serviceMonitor: true }, mirror: { version: '1.1.0', percent: 5 },
    placement: { tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists' }], nodeSelector: { pool: 'gpu' } }, env: { GREETING: 'yes: no' },
  }));
  expect(objects.length).toBeGreaterThan(60);
  for (const object of objects) expectFast(object);
});
