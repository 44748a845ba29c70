/**
 * Where UTF-8 decoding fails: the offset of the first byte of the first sequence that is not
 * well-formed UTF-8 (a stray continuation byte, an overlong form, a surrogate, a code point above
 * U+10FFFF, a sequence cut short), or -1 when every byte is valid. A sequence cut short by the end
 * of `bytes` counts only when `final` (more bytes may follow). This is the position Python's
 * decoder reports too (`UnicodeDecodeError.start`), so both runners name the same byte.
 */
export function firstInvalidUtf8(bytes: Uint8Array, final = true): number {
  for (let i = 0; i < bytes.length;) {
    const lead = bytes[i];
    if (lead < 0x80) {
      i += 1;
      continue;
    }
    const [length, low, high] = sequenceOf(lead);
    if (length === 0) return i;
    for (let k = 1; k < length; k++) {
      if (i + k >= bytes.length) return final ? i : -1;
      const b = bytes[i + k];
      // The second byte has a narrower range for E0, ED, F0 and F4 (no overlongs, no surrogates).
      const [min, max] = k === 1 ? [low, high] : [0x80, 0xbf];
      if (b < min || b > max) return i;
    }
    i += length;
  }
  return -1;
}

/** The length of the sequence a lead byte starts, and the range of its second byte (0 = not a lead byte). */
function sequenceOf(lead: number): readonly [number, number, number] {
  if (lead >= 0xc2 && lead <= 0xdf) return [2, 0x80, 0xbf];
  if (lead === 0xe0) return [3, 0xa0, 0xbf];
  if (lead === 0xed) return [3, 0x80, 0x9f];
  if (lead >= 0xe1 && lead <= 0xef) return [3, 0x80, 0xbf];
  if (lead === 0xf0) return [4, 0x90, 0xbf];
  if (lead >= 0xf1 && lead <= 0xf3) return [4, 0x80, 0xbf];
  if (lead === 0xf4) return [4, 0x80, 0x8f];
  return [0, 0, 0];
}

/** `0xff`: a byte as the messages show it. */
export const hexByte = (b: number): string => `0x${b.toString(16).padStart(2, '0')}`;

/**
 * The length of the longest prefix of `bytes` that does not end inside a UTF-8 sequence: where a
 * chunk can be cut so that the check of each piece sees whole characters.
 */
export function completeUtf8(bytes: Uint8Array): number {
  for (let back = 1; back <= Math.min(4, bytes.length); back++) {
    const b = bytes[bytes.length - back];
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: its lead byte is further back
    const needs = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return needs > back ? bytes.length - back : bytes.length;
  }
  return bytes.length;
}
