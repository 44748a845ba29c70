import { pollDelayMs, pollUntil, PollTimeoutError, type PollResult } from '.';

/** A clock that only moves when the code under test sleeps. */
function fakeClock() {
  let time = 0;
  const sleeps: number[] = [];
  return {
    now: () => time,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      time += ms;
    },
    sleeps,
  };
}

describe('pollDelayMs', () => {
  it('grows by the factor up to the maximum', () => {
    expect([1, 2, 3, 4, 5, 10].map((a) => pollDelayMs(a))).toEqual([200, 300, 450, 675, 1013, 5_000]);
    expect(pollDelayMs(3, { initialDelayMs: 100, factor: 2, maxDelayMs: 300 })).toBe(300);
  });
});

describe('pollUntil', () => {
  it('polls with growing waits until the probe is done', async () => {
    const clock = fakeClock();
    let calls = 0;
    const value = await pollUntil<string>(
      async (): Promise<PollResult<string>> =>
        ++calls === 4 ? { done: true, value: 'SUCCEEDED' } : { done: false },
      { timeoutMs: 60_000, ...clock },
    );
    expect(value).toBe('SUCCEEDED');
    expect(clock.sleeps).toEqual([200, 300, 450]);
  });

  it('never waits past the deadline and gives up after one last probe', async () => {
    const clock = fakeClock();
    let calls = 0;
    const error = await pollUntil(
      async () => {
        calls++;
        return { done: false } as const;
      },
      { timeoutMs: 1_000, ...clock },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PollTimeoutError);
    expect(clock.sleeps).toEqual([200, 300, 450, 50]);
    expect(calls).toBe(5);
    expect((error as PollTimeoutError).message).toBe('still not done after 1000 ms (5 polls)');
  });
});
