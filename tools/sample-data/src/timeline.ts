/**
 * When orders happen. Order slots are spread over the period following the hour-of-day and
 * day-of-week profile, and in increasing time: order ids grow with time as in a real shop, and
 * the per-user sequence (order_num, days since the prior order) can be computed in one pass.
 *
 * Method: slot i of n gets the quantile u = (i + jitter) / n of the period's time density
 * (stratified sampling), mapped through the inverse of the density's running total, which is
 * piecewise linear over hour buckets. Monotone in i, constant memory in n.
 */
import { HOUR_WEIGHTS, WEEKDAY_WEIGHTS } from './catalogue';
import type { Random } from './random';

const HOUR_MS = 3_600_000;

export class OrderTimeline {
  private readonly bucketStart: Float64Array;
  private readonly bucketLength: Float64Array;
  /** running[i] = total weight of the buckets before i; running[n] = the whole period. */
  private readonly running: Float64Array;
  private bucket = 0;

  constructor(
    startMs: number,
    private readonly endMs: number,
    private readonly slots: number,
    private readonly rng: Random,
  ) {
    const count = Math.ceil((endMs - startMs) / HOUR_MS);
    this.bucketStart = new Float64Array(count);
    this.bucketLength = new Float64Array(count);
    this.running = new Float64Array(count + 1);
    for (let i = 0; i < count; i++) {
      const from = startMs + i * HOUR_MS;
      const length = Math.min(HOUR_MS, endMs - from);
      const at = new Date(from);
      this.bucketStart[i] = from;
      this.bucketLength[i] = length;
      this.running[i + 1] =
        this.running[i] +
        HOUR_WEIGHTS[at.getUTCHours()] * WEEKDAY_WEIGHTS[at.getUTCDay()] * (length / HOUR_MS);
    }
  }

  /** Epoch milliseconds (whole seconds) of order slot `slot`; call with increasing slots. */
  at(slot: number): number {
    const total = this.running[this.running.length - 1];
    const target = ((slot + this.rng.float()) / this.slots) * total;
    const last = this.bucketStart.length - 1;
    while (this.bucket < last && this.running[this.bucket + 1] <= target) this.bucket++;
    const b = this.bucket;
    const weight = this.running[b + 1] - this.running[b];
    const within = weight > 0 ? Math.min(1, Math.max(0, (target - this.running[b]) / weight)) : 0;
    const ms = Math.floor((this.bucketStart[b] + within * this.bucketLength[b]) / 1000) * 1000;
    return Math.min(ms, this.endMs - 1000);
  }
}
