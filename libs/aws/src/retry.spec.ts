import { backoffDelayMs, withRetries } from '.';

describe('backoffDelayMs', () => {
  it('doubles the ceiling per attempt up to the maximum, with full jitter below it', () => {
    const top = () => 0.999999;
    expect(
      [1, 2, 3, 4, 5, 6].map((a) => backoffDelayMs(a, { baseDelayMs: 100, maxDelayMs: 1_000 }, top)),
    ).toEqual([99, 199, 399, 799, 999, 999]);
    expect(backoffDelayMs(3, { baseDelayMs: 100 }, () => 0)).toBe(0);
    expect(backoffDelayMs(2, {}, () => 0.5)).toBe(100);
  });
});

describe('withRetries', () => {
  const transient = Object.assign(new Error('busy'), { code: 'EBUSY' });
  const isTransient = (e: unknown) => (e as { code?: string }).code === 'EBUSY';

  it('retries transient failures with growing delays until it succeeds', async () => {
    const delays: number[] = [];
    let calls = 0;
    const result = await withRetries(
      async (attempt) => {
        calls++;
        if (attempt < 3) throw transient;
        return 'done';
      },
      { isTransient, sleep: async (ms) => delays.push(ms), random: () => 0.999999, baseDelayMs: 10 },
    );
    expect(result).toBe('done');
    expect(calls).toBe(3);
    expect(delays).toEqual([9, 19]);
  });

  it('throws a permanent failure at once and the last transient one when the attempts are spent', async () => {
    let calls = 0;
    const permanent = new Error('denied');
    await expect(
      withRetries(
        async () => {
          calls++;
          throw permanent;
        },
        { isTransient, sleep: async () => undefined },
      ),
    ).rejects.toBe(permanent);
    expect(calls).toBe(1);
    calls = 0;
    await expect(
      withRetries(
        async () => {
          calls++;
          throw transient;
        },
        { isTransient, attempts: 3, sleep: async () => undefined },
      ),
    ).rejects.toBe(transient);
    expect(calls).toBe(3);
  });
});
