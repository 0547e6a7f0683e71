/**
 * Checks fast-yaml.js against cdk8s's own `Yaml.stringify` on documents built to hit YAML's
 * corner cases (YAML 1.1 booleans and numbers in strings, indicators, quotes, empty and nested
 * collections, multi-line and non-ASCII strings, odd keys). run.ts calls it before timing; it
 * can also be run alone: node bench/synth/fast-yaml-check.js
 */
'use strict';

const { Yaml } = require('cdk8s');
const { stringify } = require('./fast-yaml');

const TRICKY_STRINGS = [
  '', ' ', ' lead', 'trail ', 'yes', 'No', 'on', 'OFF', 'y', 'n', 'true', 'False', 'null', 'Null', '~', '-', '--', '---',
  '0', '-1', '+1', '007', '0o17', '0x1F', '1e3', '1_000', '.5', '1.0.0', '1:20', '1:20:30', '.inf', '-.Inf', '.nan',
  '2026-11-27', '2026-11-27T03:00:00Z', 'a: b', 'a:b', 'a #b', '#x', '- x', '? x', ': x', '!tag', '&anchor', '*alias',
  '|', '>', '%x', '@x', '`x', '"quoted"', "'single'", '{a}', '[a]', 'a,b', 'line1\nline2', 'tab\there', 'ünïcödé', '😀',
  'http://example.com/a?b=c#d', 'key=value', '\\backslash', 'x'.repeat(200),
];

function trickyDocuments() {
  const docs = [];
  for (const s of TRICKY_STRINGS) {
    docs.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', annotations: { [s || 'empty']: s } }, data: { list: [s, [s], { [s || 'k']: [s] }] } });
  }
  // Written by fast-yaml itself: empty collections as values and list items, numbers, booleans, null.
  docs.push({ empty: {}, emptyList: [], items: [[], {}, { a: {} }, { b: [] }], numbers: [0, -1, 1.5, 1e21, 2 ** 53], flags: [true, false, null] });
  // Sequences nested directly in sequences take the fallback (the whole document through the yaml package).
  docs.push({ nested: [[1, 2], [[]]] });
  docs.push({});
  return docs;
}

/** Returns a description of the first difference, or undefined when every document matches byte for byte. */
function firstDifference() {
  for (const doc of trickyDocuments()) {
    const want = Yaml.stringify(doc);
    const got = stringify(doc);
    if (want !== got) return `${JSON.stringify(doc)}\n--- cdk8s:\n${want}--- fast-yaml:\n${got}`;
  }
  const all = trickyDocuments();
  if (Yaml.stringify(...all) !== stringify(...all)) return 'the multi-document stream differs';
  return undefined;
}

module.exports = { firstDifference };

if (require.main === module) {
  const difference = firstDifference();
  if (difference) {
    console.error(`fast-yaml.js differs from cdk8s's Yaml.stringify:\n${difference}`);
    process.exit(1);
  }
  console.log(`fast-yaml.js matches cdk8s's Yaml.stringify on ${trickyDocuments().length} corner-case documents`);
}
