import { PIPELINE_STEP_NAMES, REJECT, REJECT_CODES, rejectCode, rejectCodeClass } from './vocabulary';

describe('vocabulary', () => {
  it('lists each reject code once, file codes first and quarantine last', () => {
    const codes = REJECT_CODES.map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(REJECT_CODES[0].step).toBe('file');
    expect(REJECT_CODES.at(-1)!.code).toBe('FILE_QUARANTINED');
  });

  it('builds and classifies qualified codes', () => {
    expect(rejectCode(REJECT.TYPE, 'order_id')).toBe('TYPE:order_id');
    expect(rejectCodeClass('RULE:total_amount_positive')).toBe('RULE');
    expect(() => rejectCodeClass('BOGUS:x')).toThrow('unknown reject code "BOGUS:x"');
  });

  it('names every pipeline step once', () => {
    expect(new Set(PIPELINE_STEP_NAMES).size).toBe(PIPELINE_STEP_NAMES.length);
  });
});
