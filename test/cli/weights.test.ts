import { describeChange, normalizeWeights, onlyVersion, promoteWeights, VersionWeight } from '../../lib/cli/weights';

const w = (entries: Record<string, number>): VersionWeight[] => Object.entries(entries).map(([version, weight]) => ({ version, weight }));
const asRecord = (weights: VersionWeight[]) => Object.fromEntries(weights.map((v) => [v.version, v.weight]));

describe('promoteWeights', () => {
  test('the others share the rest in proportion to their weights', () => {
    expect(asRecord(promoteWeights(w({ a: 90, b: 10, c: 0 }), 'c', 10))).toEqual({ a: 81, b: 9, c: 10 });
    expect(asRecord(promoteWeights(w({ a: 81, b: 9, c: 10 }), 'c', 50))).toEqual({ a: 45, b: 5, c: 50 });
  });

  test('rounding hands the missing units to the largest remainders so the total stays 100', () => {
    const result = promoteWeights(w({ a: 1, b: 1, c: 1, d: 0 }), 'd', 10);
    expect(asRecord(result)).toEqual({ a: 30, b: 30, c: 30, d: 10 });
    const uneven = promoteWeights(w({ a: 2, b: 1, c: 0 }), 'c', 1);
    expect(uneven.reduce((sum, v) => sum + v.weight, 0)).toBe(100);
    expect(asRecord(uneven)).toEqual({ a: 66, b: 33, c: 1 });
  });

  test('weights that do not sum to 100 are normalized', () => {
    expect(asRecord(promoteWeights(w({ a: 3, b: 1 }), 'b', 50))).toEqual({ a: 50, b: 50 });
  });

  test('100 drops every other version to 0 but keeps it listed', () => {
    expect(asRecord(promoteWeights(w({ a: 45, b: 5, c: 50 }), 'c', 100))).toEqual({ a: 0, b: 0, c: 100 });
  });

  test('lowering the only version with traffic is refused: nobody would take the rest', () => {
    expect(() => promoteWeights(w({ a: 0, b: 100 }), 'b', 40))
      .toThrow('cannot give b 40%: no other version has traffic to take the remaining 60%; promote another version instead');
  });
});

test('onlyVersion sends everything to one version', () => {
  expect(asRecord(onlyVersion(w({ a: 45, b: 5, c: 50 }), 'a'))).toEqual({ a: 100, b: 0, c: 0 });
});

test('describeChange lists only the versions whose weight changes', () => {
  expect(describeChange(w({ a: 90, b: 10 }), w({ a: 90, b: 10 }))).toBe('weights unchanged');
  expect(describeChange(w({ a: 90, b: 10, c: 0 }), w({ a: 81, b: 10, c: 9 }))).toBe('a 90 → 81, c 0 → 9');
});

test('normalizeWeights keeps the ratio and sums to 100', () => {
  expect(asRecord(normalizeWeights(w({ a: 5, b: 50 })))).toEqual({ a: 9, b: 91 });
  expect(asRecord(normalizeWeights(w({ a: 60, b: 40 })))).toEqual({ a: 60, b: 40 });
  expect(asRecord(normalizeWeights(w({ a: 0, b: 0 })))).toEqual({ a: 0, b: 0 });
  // The hand edits the docs name: 3/1 reads as 75/25; 1/1/1 cannot be exact, the first remainder gets the unit.
  expect(asRecord(normalizeWeights(w({ a: 3, b: 1 })))).toEqual({ a: 75, b: 25 });
  expect(asRecord(normalizeWeights(w({ a: 1, b: 1, c: 1 })))).toEqual({ a: 34, b: 33, c: 33 });
  expect(asRecord(normalizeWeights(w({ a: 2, b: 0, c: 1, d: 0 })))).toEqual({ a: 67, b: 0, c: 33, d: 0 });
});
