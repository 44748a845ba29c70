/** Milliseconds since the epoch. Injected everywhere time matters so tests can move time without sleeping. */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();
