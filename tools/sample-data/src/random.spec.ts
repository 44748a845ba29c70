import { Random, cumulative, hash32, hashString, weightedIndex } from './random';

describe('Random', () => {
  const draw = (rng: Random, n: number) => Array.from({ length: n }, () => rng.uint32());

  it('repeats the same sequence for the same seed and stream', () => {
    expect(draw(new Random(7, 'a'), 50)).toEqual(draw(new Random(7, 'a'), 50));
  });

  it('gives independent sequences for another seed or another stream', () => {
    const base = draw(new Random(7, 'a'), 20);
    expect(draw(new Random(8, 'a'), 20)).not.toEqual(base);
    expect(draw(new Random(7, 'b'), 20)).not.toEqual(base);
    // seeds that differ only above 32 bits are different seeds too
    expect(draw(new Random(7 + 2 ** 32, 'a'), 20)).not.toEqual(base);
  });

  it('keeps floats in [0, 1) with a mean near 0.5, and integers in their range', () => {
    const rng = new Random(1, 'floats');
    const floats = Array.from({ length: 20_000 }, () => rng.float());
    expect(Math.min(...floats)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...floats)).toBeLessThan(1);
    expect(floats.reduce((a, b) => a + b, 0) / floats.length).toBeCloseTo(0.5, 1);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) seen.add(rng.between(3, 6));
    expect([...seen].sort()).toEqual([3, 4, 5, 6]);
  });

  it('draws weighted indexes in proportion and never a zero weight', () => {
    const running = cumulative([1, 0, 3]);
    const rng = new Random(2, 'weights');
    const counts = [0, 0, 0];
    for (let i = 0; i < 8000; i++) counts[rng.weighted(running)]++;
    expect(counts[1]).toBe(0);
    expect(counts[2] / counts[0]).toBeGreaterThan(2.5);
    expect(counts[2] / counts[0]).toBeLessThan(3.5);
    expect(weightedIndex(running, 0)).toBe(0);
    expect(weightedIndex(running, 0.999)).toBe(2);
  });
});

describe('hash32', () => {
  it('is stable and sensitive to every argument', () => {
    expect(hash32(1, 2, 3)).toBe(hash32(1, 2, 3));
    expect(new Set([hash32(1, 2, 3), hash32(2, 2, 3), hash32(1, 3, 3), hash32(1, 2, 4)]).size).toBe(4);
    expect(hashString('orders')).not.toBe(hashString('order_items'));
  });
});
