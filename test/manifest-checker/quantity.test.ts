import { canonicalQuantity, compareQuantities, parseQuantity } from '../support/manifest-checker/quantity';

const canonical = (text: string | number) => canonicalQuantity(parseQuantity(text)!);

describe('quantity: the API server\'s canonical spelling', () => {
  test.each([
    ['1000m', '1'], ['1500m', '1500m'], ['0.5', '500m'], ['.5', '500m'], ['0.1', '100m'], ['0.0001', '100u'],
    ['1000', '1k'], ['1500', '1500'], ['2048', '2048'], ['100M', '100M'], ['1000M', '1G'],
    ['1024Mi', '1Gi'], ['1536Mi', '1536Mi'], ['1.5Gi', '1536Mi'], ['0.5Gi', '512Mi'], ['0.5Ki', '512'], ['1023Ki', '1023Ki'],
    ['1e3', '1e3'], ['1E3', '1e3'], ['1.5e3', '1500'], ['0', '0'], ['0Gi', '0'], ['-1', '-1'],
    ['0.0000000001', '1n'], // finer than nano rounds up
  ])('%s → %s', (written, expected) => {
    expect(canonical(written)).toBe(expected);
  });

  test('YAML numbers are quantities too', () => {
    expect(canonical(2)).toBe('2');
    expect(canonical(0.5)).toBe('500m');
  });

  test.each(['', 'abc', '1Kb', '1 Gi', '1.2.3', 'Gi', '1ki', '--1'])('%j is not a quantity', (text) => {
    expect(parseQuantity(text)).toBeUndefined();
  });

  test('comparison is exact across units', () => {
    const q = (t: string) => parseQuantity(t)!;
    expect(compareQuantities(q('1Gi'), q('1024Mi'))).toBe(0);
    expect(compareQuantities(q('1G'), q('1Gi'))).toBe(-1);
    expect(compareQuantities(q('1001m'), q('1'))).toBe(1);
    expect(compareQuantities(q('1e3'), q('1k'))).toBe(0);
  });
});
