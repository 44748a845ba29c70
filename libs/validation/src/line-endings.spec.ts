import fc from 'fast-check';
import { LoneCarriageReturnScanner } from './line-endings';
import { isUtf8 } from 'node:buffer';
import { completeUtf8, firstInvalidUtf8 } from './utf8';

/** The rule spelled out one character at a time: the reference the fast scanner must match. */
function referenceLoneCr(text: string): number {
  let state: 'fieldStart' | 'unquoted' | 'quoted' = 'fieldStart';
  const start = text.startsWith('\ufeff') ? 1 : 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (state === 'quoted') {
      if (c !== '"') continue;
      const next = text[i + 1];
      if (next === '"') {
        i += 1;
      } else if (next === ',' || next === '\n') {
        state = 'fieldStart';
        i += 1;
      } else if (next === '\r' && text[i + 2] === '\n') {
        state = 'fieldStart';
        i += 2;
      } else {
        state = 'unquoted';
      }
      continue;
    }
    if (state === 'fieldStart' && c === '"') {
      state = 'quoted';
      continue;
    }
    state = c === ',' || c === '\n' ? 'fieldStart' : 'unquoted';
    if (c === '\r') {
      if (text[i + 1] !== '\n') return Buffer.byteLength(text.slice(0, i), 'utf8');
      state = 'fieldStart';
      i += 1;
    }
  }
  return -1;
}

/** Cuts fall anywhere in the bytes, inside multi-byte characters too. */
function scanInChunks(text: string, cuts: readonly number[]): number {
  const bytes = Buffer.from(text, 'utf8');
  const scanner = new LoneCarriageReturnScanner();
  let from = 0;
  for (const cut of [...new Set(cuts.map((c) => Math.min(c, bytes.length)))].sort((a, b) => a - b)) {
    const found = scanner.scan(bytes.subarray(from, cut));
    if (found >= 0) return found;
    from = cut;
  }
  return scanner.scan(bytes.subarray(from), true);
}

describe('LoneCarriageReturnScanner', () => {
  const csvText = fc
    .array(fc.constantFrom('a', 'é', ',', '"', '""', '\r', '\n', '\r\n', ' ', '\ufeff'), { maxLength: 40 })
    .map((parts) => parts.join(''));

  it('finds what the character-by-character rule finds, however the text is cut into chunks', () => {
    fc.assert(
      fc.property(csvText, fc.array(fc.nat(130), { maxLength: 6 }), (text, cuts) => {
        expect(scanInChunks(text, cuts)).toBe(referenceLoneCr(text));
      }),
      { numRuns: 3000 },
    );
  });

  it.each([
    ['CRLF and LF', 'a,b\r\n1,2\n3,4\r\n', -1],
    ['a CR inside quotes', 'a,"x\ry"\n', -1],
    ['a CR-only file', 'a,b\r1,2\r', 3],
    ['a quote in the middle of a field does not open quotes', 'a,b"c\rd\n', 5],
    ['a BOM before a quoted first field', '\ufeff"a\r",b\n', -1],
  ])('%s', (_what, text, expected) => {
    expect(scanInChunks(text, [])).toBe(expected);
    expect(referenceLoneCr(text)).toBe(expected);
  });
});

describe('firstInvalidUtf8', () => {
  it.each([
    ['valid text', Buffer.from('a é 🍮'), -1],
    ['a stray continuation byte', Buffer.from([0x61, 0x80]), 1],
    ['an overlong form', Buffer.from([0x61, 0xc0, 0x80]), 1],
    ['a surrogate', Buffer.from([0xed, 0xa0, 0x80]), 0],
    ['above U+10FFFF', Buffer.from([0x61, 0x61, 0xf4, 0x90, 0x80, 0x80]), 2],
    ['a sequence cut short', Buffer.from([0x61, 0xe2, 0x82, 0x61]), 1],
  ])('%s', (_what, bytes, expected) => {
    expect(firstInvalidUtf8(bytes)).toBe(expected);
  });

  it('agrees with the platform decoder and the native check on random bytes', () => {
    const decoder = new TextDecoder('utf-8', { fatal: true });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 12 }), (bytes) => {
        let valid = true;
        try {
          decoder.decode(bytes);
        } catch {
          valid = false;
        }
        expect(firstInvalidUtf8(bytes) === -1).toBe(valid);
        expect(isUtf8(bytes)).toBe(valid);
      }),
      { numRuns: 5000 },
    );
  });

  it('does not count a character cut by the end of a chunk when more bytes follow', () => {
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xe2, 0x82]), false)).toBe(-1);
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xe2, 0x82]), true)).toBe(1);
  });
});

describe('completeUtf8', () => {
  it('cuts valid text only between characters, keeping back at most three bytes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 12 }), fc.nat(60), (text, cut) => {
        const prefix = Buffer.from(text, 'utf8').subarray(0, cut);
        const end = completeUtf8(prefix);
        expect(prefix.length - end).toBeLessThanOrEqual(3);
        expect(isUtf8(prefix.subarray(0, end))).toBe(true);
        expect(end === prefix.length).toBe(isUtf8(prefix));
      }),
      { numRuns: 3000 },
    );
  });
});
