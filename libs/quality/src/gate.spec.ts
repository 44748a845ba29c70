import { PERFECT_METRICS as perfect, WARN_SPEC as spec } from '../test/fixtures';
import { evaluateGate } from './gate';

describe('evaluateGate', () => {
  it('passes with action none and no reason when every metric meets its threshold', () => {
    expect(evaluateGate(perfect, spec)).toEqual({ passed: true, action: 'none', breaches: [] });
  });

  it('warns on a breach with onBreach warn, naming the metric, value and threshold', () => {
    const g = evaluateGate({ ...perfect, validity: 16 / 17 }, spec);
    expect(g).toEqual({
      passed: false,
      action: 'warn',
      breaches: [{ metric: 'validity', value: 16 / 17, threshold: 0.97 }],
      reason: 'validity 0.9412 < 0.97',
    });
  });

  it('blocks only with onBreach block, and names every breach in the contract order', () => {
    const g = evaluateGate(
      { ...perfect, validity: 16 / 17, completeness: 0.9 },
      { ...spec, onBreach: 'block' },
    );
    expect(g.action).toBe('block');
    expect(g.passed).toBe(false);
    expect(g.reason).toBe('completeness 0.9 < 0.95; validity 0.9412 < 0.97');
    expect(g.breaches.map((b) => b.metric)).toEqual(['completeness', 'validity']);
    // The same spec with block but no breach neither blocks nor warns.
    expect(evaluateGate(perfect, { ...spec, onBreach: 'block' }).action).toBe('none');
  });

  it('passes a value equal to its threshold and breaches just below it', () => {
    expect(evaluateGate({ ...perfect, consistency: 0.99 }, spec).passed).toBe(true);
    expect(evaluateGate({ ...perfect, consistency: 0.98999 }, spec).passed).toBe(false);
  });

  it('never prints a breached value equal to its threshold', () => {
    expect(evaluateGate({ ...perfect, validity: 0.96999 }, spec).reason).toBe('validity 0.96999 < 0.97');
    expect(evaluateGate({ ...perfect, validity: 0.9699999 }, spec).reason).toBe('validity 0.9699999 < 0.97');
  });

  it('ignores metrics without a threshold and honours any that has one', () => {
    expect(evaluateGate({ ...perfect, uniqueness: 0.1 }, spec).passed).toBe(true);
    const g = evaluateGate(
      { ...perfect, uniqueness: 0.5 },
      { thresholds: { uniqueness: 0.9 }, onBreach: 'warn' },
    );
    expect(g.reason).toBe('uniqueness 0.5 < 0.9');
  });
});
