import { canonicalQuantity, parseQuantity } from '../../lib/core/quantities';

describe('canonical quantities (what the API server stores, so Argo CD sees no drift)', () => {
  test.each([
    ['1000m', '1'], ['1500m', '1500m'], ['0.5', '500m'], ['0.1', '100m'], ['2', '2'], ['1e3', '1k'],
    ['512Mi', '512Mi'], ['1024Mi', '1Gi'], ['1.5Gi', '1536Mi'], ['2048Ki', '2Mi'], ['1000Ki', '1000Ki'], ['100M', '100M'], ['0', '0'],
  ])('%s → %s', (input, canonical) => {
    expect(canonicalQuantity(input)).toBe(canonical);
  });

  test.each(['', 'lots', '1.5.5', '512MB', '-1', '1 Gi', '0.0000000001'])('rejects %p', (input) => {
    expect(parseQuantity(input)).toBeUndefined();
    expect(() => canonicalQuantity(input)).toThrow(`"${input}" is not a Kubernetes quantity`);
  });
});
