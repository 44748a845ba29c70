import fc from 'fast-check';
import {
  formatTimestamp,
  isWeekendUtc,
  parseDate,
  parseDouble,
  parseInt32,
  parseTimestamp,
  parseValue,
  utcDateOf,
} from './typing';

describe('int', () => {
  it.each([
    ['0', 0],
    ['42', 42],
    ['+5', 5],
    ['-7', -7],
    ['007', 7],
    ['-0', 0],
    ['2147483647', 2147483647],
    ['-2147483648', -2147483648],
  ])('accepts %s', (text, value) => expect(parseInt32(text)).toBe(value));

  it.each([
    '2147483648',
    '-2147483649',
    '99999999999999999999',
    '1.0',
    '1e3',
    '1.',
    '',
    ' 1',
    '0x10',
    '1_000',
    '١',
    '+',
    '-',
    '5-',
  ])('refuses %j', (text) => expect(parseInt32(text)).toBeUndefined());
});

describe('double', () => {
  it.each([
    ['0', 0],
    ['1.5', 1.5],
    ['-2.25', -2.25],
    ['+3', 3],
    ['1.', 1],
    ['.5', 0.5],
    ['1e3', 1000],
    ['1E-2', 0.01],
    ['-4.5e+2', -450],
    ['1.7976931348623157e308', 1.7976931348623157e308],
  ])('accepts %s', (text, value) => expect(parseDouble(text)).toBe(value));

  it.each([
    'NaN',
    'nan',
    'Infinity',
    '-Infinity',
    'inf',
    '1e309',
    '-1e999',
    '.',
    'e5',
    '1e',
    '1.2.3',
    '0x1p3',
    '1,5',
    '12abc',
  ])('refuses %j', (text) => expect(parseDouble(text)).toBeUndefined());
});

describe('date', () => {
  it.each(['2024-01-15', '2024-02-29', '2000-02-29', '1999-12-31', '0001-01-01', '9999-12-31'])(
    'accepts %s',
    (text) => expect(parseDate(text)).toBe(text),
  );
  it.each([
    '2023-02-29', // not a leap year
    '1900-02-29', // century, not a leap year
    '2024-02-30',
    '2024-04-31',
    '2024-13-01',
    '2024-00-10',
    '2024-01-00',
    '0000-01-01',
    '2024-1-5',
    '20240115',
    '2024/01/15',
    '2024-01-15T00:00:00',
    '2024-01-15 ',
  ])('refuses %j', (text) => expect(parseDate(text)).toBeUndefined());
});

describe('timestamp', () => {
  const iso = (text: string) => {
    const ts = parseTimestamp(text);
    return ts && formatTimestamp(ts);
  };

  it.each([
    ['2024-01-15 10:30:00', '2024-01-15T10:30:00.000000Z'],
    ['2024-01-15T10:30:00', '2024-01-15T10:30:00.000000Z'],
    ['2024-01-15T10:30:00Z', '2024-01-15T10:30:00.000000Z'],
    ['2024-01-15T10:30:00.5Z', '2024-01-15T10:30:00.500000Z'],
    ['2024-01-15T10:30:00.123Z', '2024-01-15T10:30:00.123000Z'],
    ['2024-01-15T10:30:00.123456', '2024-01-15T10:30:00.123456Z'],
    ['2024-01-15T10:30:00+02:00', '2024-01-15T08:30:00.000000Z'],
    // offsets that move the UTC date
    ['2024-01-15T23:30:00-01:00', '2024-01-16T00:30:00.000000Z'],
    ['2024-01-01T00:30:00+01:00', '2023-12-31T23:30:00.000000Z'],
    ['2024-03-01T00:00:00+05:30', '2024-02-29T18:30:00.000000Z'],
    ['2024-02-29 23:59:59', '2024-02-29T23:59:59.000000Z'],
    ['2024-01-15T10:30:00+18:00', '2024-01-14T16:30:00.000000Z'],
  ])('accepts %s as %s', (text, expected) => expect(iso(text)).toBe(expected));

  it.each([
    '2024-01-15 24:00:00', // 24:00 is not an instant of the day
    '2024-01-15T24:00:00Z',
    '2024-01-15 23:60:00',
    '2024-01-15 23:59:60', // no leap seconds
    '2023-02-29 10:00:00',
    '2024-01-15 10:30',
    '2024-01-15 10:30:00Z', // the space form has no zone
    '2024-01-15 10:30:00.123', // nor a fraction
    '2024-01-15T10:30:00.1234567Z', // beyond microseconds
    '2024-01-15T10:30:00+19:00',
    '2024-01-15T10:30:00+02:60',
    '2024-01-15T10:30:00+0200',
    '2024-01-15t10:30:00z',
    '2024-01-15',
    '15/01/2024 10:30:00',
    '1705314600',
  ])('refuses %j', (text) => expect(parseTimestamp(text)).toBeUndefined());

  it('computes the instants JavaScript dates compute, from year 1 to 9999, with any offset', () => {
    const instant = fc.record({
      ms: fc.integer({ min: Date.parse('0001-01-02T00:00:00Z'), max: Date.parse('9999-12-30T00:00:00Z') }),
      offset: fc.integer({ min: -18 * 60, max: 18 * 60 }),
      micros: fc.integer({ min: 0, max: 999_999 }),
    });
    fc.assert(
      fc.property(instant, ({ ms, offset, micros }) => {
        const utc = Math.floor(ms / 1000) * 1000;
        const wall = new Date(utc + offset * 60_000).toISOString().slice(0, 19);
        const zone = `${offset < 0 ? '-' : '+'}${String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0')}:${String(Math.abs(offset) % 60).padStart(2, '0')}`;
        const text = `${wall}.${String(micros).padStart(6, '0')}${zone}`;
        expect(parseTimestamp(text)).toEqual({
          epochMs: utc + Math.floor(micros / 1000),
          micros: micros % 1000,
        });
        expect(parseTimestamp(`${wall.replace('T', ' ')}`)?.epochMs).toBe(utc + offset * 60_000);
      }),
      { numRuns: 2000, seed: 5 },
    );
  });

  it('gives the UTC date and weekday that JavaScript dates give', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse('0000-01-01T00:00:00Z'), max: Date.parse('+010001-01-01T00:00:00Z') }),
        (ms) => {
          const date = new Date(ms);
          expect(utcDateOf({ epochMs: ms, micros: 0 })).toBe(date.toISOString().slice(0, 10));
          expect(isWeekendUtc({ epochMs: ms, micros: 0 })).toBe([0, 6].includes(date.getUTCDay()));
        },
      ),
      { numRuns: 2000, seed: 6 },
    );
  });

  it('keeps microseconds in the order of instants', () => {
    const a = parseTimestamp('2024-01-15T10:30:00.000001Z')!;
    const b = parseTimestamp('2024-01-15T10:30:00.000002Z')!;
    expect(a.epochMs).toBe(b.epochMs);
    expect(a.micros).toBe(1);
    expect(b.micros).toBe(2);
  });
});

describe('string and dispatch', () => {
  it('types any non-empty text as a string', () =>
    expect(parseValue('string', 'Bananas, organic')).toBe('Bananas, organic'));
  it('dispatches on the column type', () => {
    expect(parseValue('int', '12')).toBe(12);
    expect(parseValue('double', '12.5')).toBe(12.5);
    expect(parseValue('date', '2024-01-15')).toBe('2024-01-15');
    expect(parseValue('timestamp', '2024-01-15 00:00:00')).toEqual({
      epochMs: Date.UTC(2024, 0, 15),
      micros: 0,
    });
    expect(parseValue('int', 'x')).toBeUndefined();
  });
});
