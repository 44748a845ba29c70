import { LeaseHeldError, LeaseLostError, type LeaseManager } from '../src';
import { describeState, ManualClock, uid } from './support';

const TTL = 60_000;

describeState('LeaseManager', (env) => {
  let clock: ManualClock;
  let leases: LeaseManager;
  beforeEach(() => {
    clock = new ManualClock();
    leases = env.store({ clock: clock.now, leaseTtlMs: TTL }).leases;
  });

  it('grants a free lease with a fencing token and an expiry', async () => {
    const pipeline = uid('pipe');
    const lease = await leases.acquire(pipeline, 'run-a');
    expect(lease).toEqual({
      pipeline,
      holder: 'run-a',
      token: 1,
      acquiredAt: clock.time,
      expiresAt: clock.time + TTL,
    });
    expect(await leases.current(pipeline)).toEqual(lease);
    await leases.assertHeld(lease);
  });

  it('gives exactly one of 10 concurrent acquirers the lease', async () => {
    const pipeline = uid('pipe');
    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => leases.acquire(pipeline, `run-${i}`)),
    );
    const winners = outcomes.filter((o) => o.status === 'fulfilled');
    expect(winners).toHaveLength(1);
    const winner = (winners[0] as PromiseFulfilledResult<Awaited<ReturnType<LeaseManager['acquire']>>>).value;
    const losers = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(losers).toHaveLength(9);
    for (const loser of losers) {
      expect(loser.reason).toBeInstanceOf(LeaseHeldError);
      expect(loser.reason).toMatchObject({ holder: winner.holder, expiresAt: winner.expiresAt });
    }
    expect((await leases.current(pipeline))?.holder).toBe(winner.holder);
  });

  it('refuses a second holder while the lease is unexpired, and says until when', async () => {
    const pipeline = uid('pipe');
    const lease = await leases.acquire(pipeline, 'run-a');
    clock.advance(TTL - 1);
    await expect(leases.acquire(pipeline, 'run-b')).rejects.toEqual(
      new LeaseHeldError(pipeline, 'run-a', lease.expiresAt),
    );
  });

  it('lets the holder acquire again (a retried step) with the same token, extended', async () => {
    const pipeline = uid('pipe');
    const lease = await leases.acquire(pipeline, 'run-a');
    clock.advance(10_000);
    const again = await leases.acquire(pipeline, 'run-a');
    expect(again).toMatchObject({ token: lease.token, holder: 'run-a', expiresAt: clock.time + TTL });
  });

  it('renews a held lease, which keeps others out past the first expiry', async () => {
    const pipeline = uid('pipe');
    const lease = await leases.acquire(pipeline, 'run-a');
    clock.advance(TTL - 1_000);
    const renewed = await leases.renew(lease, { ttlMs: 120_000 });
    expect(renewed).toMatchObject({ token: lease.token, expiresAt: clock.time + 120_000 });
    clock.advance(30_000); // past the original expiry
    await expect(leases.acquire(pipeline, 'run-b')).rejects.toBeInstanceOf(LeaseHeldError);
    await leases.assertHeld(renewed);
  });

  it('hands an expired lease to the next acquirer, with a higher token, and fences the old holder', async () => {
    const pipeline = uid('pipe');
    const crashed = await leases.acquire(pipeline, 'run-a');
    clock.advance(TTL); // expiresAt <= now: expired
    const taker = await leases.acquire(pipeline, 'run-b');
    expect(taker.token).toBe(crashed.token + 1);

    const lost = (reason: string) =>
      expect.objectContaining({ name: 'LeaseLostError', reason, currentHolder: 'run-b' });
    await expect(leases.assertHeld(crashed)).rejects.toEqual(lost('TAKEN_OVER'));
    await expect(leases.renew(crashed)).rejects.toEqual(lost('TAKEN_OVER'));
    await expect(leases.release(crashed)).rejects.toEqual(lost('TAKEN_OVER'));
    await leases.assertHeld(taker);
  });

  it('refuses an expired holder even when nobody took over (enforced in the condition)', async () => {
    const pipeline = uid('pipe');
    const lease = await leases.acquire(pipeline, 'run-a');
    clock.advance(TTL + 1);
    const error = await leases.assertHeld(lease).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LeaseLostError);
    expect(error).toMatchObject({ reason: 'EXPIRED' });
    await expect(leases.renew(lease)).rejects.toMatchObject({ reason: 'EXPIRED' });
  });

  it('compares the stored expiry with each caller’s clock in DynamoDB, not in the client', async () => {
    const pipeline = uid('pipe');
    const lease = await leases.acquire(pipeline, 'run-a');
    // Two other processes whose clocks disagree: the condition expression decides for each.
    const early = env.store({ clock: () => lease.expiresAt - 1 }).leases;
    const late = env.store({ clock: () => lease.expiresAt }).leases;
    await expect(early.acquire(pipeline, 'run-b')).rejects.toBeInstanceOf(LeaseHeldError);
    await expect(late.assertHeld(lease)).rejects.toMatchObject({ reason: 'EXPIRED' });
    expect(await late.acquire(pipeline, 'run-c')).toMatchObject({ holder: 'run-c', token: lease.token + 1 });
  });

  it('refuses renew and release by a non-holder', async () => {
    const pipeline = uid('pipe');
    const lease = await leases.acquire(pipeline, 'run-a');
    const forged = { ...lease, holder: 'run-x' };
    await expect(leases.renew(forged)).rejects.toBeInstanceOf(LeaseLostError);
    await expect(leases.release(forged)).rejects.toBeInstanceOf(LeaseLostError);
    await expect(leases.assertHeld({ ...lease, token: lease.token + 7 })).rejects.toBeInstanceOf(
      LeaseLostError,
    );
    await leases.assertHeld(lease);
  });

  it('releases: the next holder gets it at once with a higher token; a second release is a no-op', async () => {
    const pipeline = uid('pipe');
    const lease = await leases.acquire(pipeline, 'run-a');
    await leases.release(lease);
    await leases.release(lease);
    expect(await leases.current(pipeline)).toBeUndefined();
    await expect(leases.assertHeld(lease)).rejects.toMatchObject({ reason: 'RELEASED' });
    const next = await leases.acquire(pipeline, 'run-b');
    expect(next.token).toBe(lease.token + 1);
  });

  it('keeps pipelines independent', async () => {
    const a = await leases.acquire(uid('pipe'), 'run-a');
    const b = await leases.acquire(uid('pipe'), 'run-a');
    expect([a.token, b.token]).toEqual([1, 1]);
  });
});
