import { CircuitOpenError, type CircuitBreaker } from '../src';
import { describeState, ManualClock, uid } from './support';

const COOL_DOWN = 300_000;

describeState('CircuitBreaker', (env) => {
  let clock: ManualClock;
  let breaker: CircuitBreaker;
  beforeEach(() => {
    clock = new ManualClock();
    breaker = env.store({
      clock: clock.now,
      breaker: { failureThreshold: 3, coolDownMs: COOL_DOWN },
    }).breaker;
  });

  async function openCircuit(pipeline: string): Promise<number> {
    for (let i = 1; i <= 3; i++) await breaker.recordFailure(pipeline, `${pipeline}-fail-${i}`, `boom ${i}`);
    return clock.time;
  }

  it('admits runs while closed and counts consecutive failures below the threshold', async () => {
    const pipeline = uid('pipe');
    expect(await breaker.admit(pipeline, 'run-1')).toMatchObject({ state: 'CLOSED', consecutiveFailures: 0 });
    await breaker.recordFailure(pipeline, 'run-1', 'glue failed');
    const status = await breaker.recordFailure(pipeline, 'run-2', 'glue failed again');
    expect(status).toMatchObject({ state: 'CLOSED', consecutiveFailures: 2 });
    expect((await breaker.admit(pipeline, 'run-3')).state).toBe('CLOSED');
  });

  it('resets the count on success, so only consecutive failures open it', async () => {
    const pipeline = uid('pipe');
    await breaker.recordFailure(pipeline, 'run-1');
    await breaker.recordFailure(pipeline, 'run-2');
    expect(await breaker.recordSuccess(pipeline, 'run-3')).toMatchObject({
      state: 'CLOSED',
      consecutiveFailures: 0,
    });
    await breaker.recordFailure(pipeline, 'run-4');
    await breaker.recordFailure(pipeline, 'run-5');
    expect((await breaker.status(pipeline)).state).toBe('CLOSED');
  });

  it('opens after N failures and refuses runs with the instant it half-opens', async () => {
    const pipeline = uid('pipe');
    const openedAt = await openCircuit(pipeline);
    expect(await breaker.status(pipeline)).toMatchObject({
      state: 'OPEN',
      consecutiveFailures: 3,
      openedAt,
      halfOpensAt: openedAt + COOL_DOWN,
    });
    clock.advance(COOL_DOWN - 1);
    const error = await breaker.admit(pipeline, 'run-x').catch((e: unknown) => e);
    expect(error).toEqual(new CircuitOpenError(pipeline, 'OPEN', 3, openedAt + COOL_DOWN, 'boom 3'));
    expect((error as Error).message).toContain(
      `half-opens at ${new Date(openedAt + COOL_DOWN).toISOString()}`,
    );
  });

  it('checks an admission without taking it: nothing changes, and admit agrees', async () => {
    const pipeline = uid('pipe');
    const openedAt = await openCircuit(pipeline);
    await expect(breaker.check(pipeline, 'run-x')).rejects.toEqual(
      new CircuitOpenError(pipeline, 'OPEN', 3, openedAt + COOL_DOWN, 'boom 3'),
    );
    clock.advance(COOL_DOWN);
    const before = await breaker.status(pipeline);
    expect(await breaker.check(pipeline, 'trial-1')).toEqual(before);
    expect(await breaker.check(pipeline, 'trial-2')).toEqual(before); // still OPEN: no trial taken
    expect((await breaker.admit(pipeline, 'trial-1')).state).toBe('HALF_OPEN');
    await expect(breaker.check(pipeline, 'trial-2')).rejects.toBeInstanceOf(CircuitOpenError);
    expect((await breaker.check(pipeline, 'trial-1')).state).toBe('HALF_OPEN');
  });

  it('counts a failure reported twice for the same run once', async () => {
    const pipeline = uid('pipe');
    await breaker.recordFailure(pipeline, 'run-1');
    await breaker.recordFailure(pipeline, 'run-1');
    await breaker.recordFailure(pipeline, 'run-1');
    expect(await breaker.status(pipeline)).toMatchObject({ state: 'CLOSED', consecutiveFailures: 1 });
  });

  it('half-opens after the cool-down for exactly one of 10 concurrent trial runs, then closes on its success', async () => {
    const pipeline = uid('pipe');
    await openCircuit(pipeline);
    clock.advance(COOL_DOWN);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => breaker.admit(pipeline, `trial-${i}`)),
    );
    const admitted = outcomes.filter((o) => o.status === 'fulfilled');
    expect(admitted).toHaveLength(1);
    const trial = (admitted[0] as PromiseFulfilledResult<Awaited<ReturnType<CircuitBreaker['admit']>>>).value;
    expect(trial).toMatchObject({ state: 'HALF_OPEN', trialExpiresAt: clock.time + COOL_DOWN });
    const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(refused.every((o) => o.reason instanceof CircuitOpenError && o.reason.state === 'HALF_OPEN')).toBe(
      true,
    );

    // The trial run itself is admitted again (a retried step); others still are not.
    expect((await breaker.admit(pipeline, trial.trialRunId as string)).state).toBe('HALF_OPEN');
    await expect(breaker.admit(pipeline, 'another')).rejects.toBeInstanceOf(CircuitOpenError);

    expect(await breaker.recordSuccess(pipeline, trial.trialRunId as string)).toMatchObject({
      state: 'CLOSED',
      consecutiveFailures: 0,
    });
    expect((await breaker.admit(pipeline, 'next')).state).toBe('CLOSED');
  });

  it('reopens for a new cool-down when the half-open trial fails', async () => {
    const pipeline = uid('pipe');
    await openCircuit(pipeline);
    clock.advance(COOL_DOWN);
    await breaker.admit(pipeline, 'trial-1');
    clock.advance(1_000);
    const reopened = await breaker.recordFailure(pipeline, 'trial-1', 'still broken');
    expect(reopened).toMatchObject({
      state: 'OPEN',
      consecutiveFailures: 4,
      halfOpensAt: clock.time + COOL_DOWN,
    });
    await expect(breaker.admit(pipeline, 'trial-2')).rejects.toMatchObject({
      state: 'OPEN',
      retryAt: clock.time + COOL_DOWN,
    });
    clock.advance(COOL_DOWN);
    expect((await breaker.admit(pipeline, 'trial-2')).state).toBe('HALF_OPEN');
  });

  it('lets another run take the trial when the trial never reports back', async () => {
    const pipeline = uid('pipe');
    await openCircuit(pipeline);
    clock.advance(COOL_DOWN);
    await breaker.admit(pipeline, 'crashed-trial');
    clock.advance(COOL_DOWN - 1);
    await expect(breaker.admit(pipeline, 'trial-2')).rejects.toBeInstanceOf(CircuitOpenError);
    clock.advance(1);
    expect(await breaker.admit(pipeline, 'trial-2')).toMatchObject({
      state: 'HALF_OPEN',
      trialRunId: 'trial-2',
    });
  });

  it('enforces the cool-down in DynamoDB against the caller’s clock', async () => {
    const pipeline = uid('pipe');
    await openCircuit(pipeline);
    const { halfOpensAt = 0 } = await breaker.status(pipeline);
    const before = env.store({ clock: () => halfOpensAt - 1, breaker: { coolDownMs: COOL_DOWN } }).breaker;
    const after = env.store({ clock: () => halfOpensAt, breaker: { coolDownMs: COOL_DOWN } }).breaker;
    await expect(before.admit(pipeline, 'early')).rejects.toBeInstanceOf(CircuitOpenError);
    expect((await after.admit(pipeline, 'on-time')).state).toBe('HALF_OPEN');
  });

  it('opens after a single failure when the threshold is 1, and can be reset by an operator', async () => {
    const strict = env.store({
      clock: clock.now,
      breaker: { failureThreshold: 1, coolDownMs: COOL_DOWN },
    }).breaker;
    const pipeline = uid('pipe');
    expect((await strict.recordFailure(pipeline, 'run-1')).state).toBe('OPEN');
    await expect(strict.admit(pipeline, 'run-2')).rejects.toBeInstanceOf(CircuitOpenError);
    expect((await strict.reset(pipeline)).state).toBe('CLOSED');
    expect((await strict.admit(pipeline, 'run-2')).state).toBe('CLOSED');
  });
});
