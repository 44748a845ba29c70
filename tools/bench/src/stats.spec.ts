import { alternate, median, summarise } from './stats';

describe('bench statistics', () => {
  it('takes the middle value, or the mean of the two middle values', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow('median of no values');
  });

  it('summarises repetitions with their spread around the median', () => {
    expect(summarise([10, 12, 11])).toEqual({ n: 3, median: 11, min: 10, max: 12, spread: 2 / 11 });
    expect(summarise([0, 0]).spread).toBe(0);
  });

  it('alternates the running order between repetitions', () => {
    expect(alternate(['subject', 'copy', 'typed'], 0)).toEqual(['subject', 'copy', 'typed']);
    expect(alternate(['subject', 'copy', 'typed'], 1)).toEqual(['typed', 'copy', 'subject']);
  });
});
