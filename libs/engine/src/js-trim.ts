import { duckdbDialect as d } from './dialects';

/**
 * The characters JavaScript's `String.prototype.trim` removes, derived from the runtime itself:
 * openCsv's cells are trimmed with it, and a line of only these characters is blank. (Every
 * member is in the Basic Multilingual Plane.)
 */
export const JS_TRIM_CHARACTERS: readonly string[] = Array.from({ length: 0x10000 }, (_, c) =>
  String.fromCharCode(c),
).filter((c) => c.trim() === '');

/** The set as the body of an RE2 character class (`[…]`). */
export const JS_TRIM_CLASS = JS_TRIM_CHARACTERS.map((c) => `\\x{${c.charCodeAt(0).toString(16)}}`).join('');

/**
 * DuckDB SQL for `text.trim()`. A regular expression rather than `trim(text, characters)`, which
 * costs about ten times more with a set of this size.
 */
export function jsTrimSql(text: string): string {
  return `regexp_replace(${text}, ${d.string(`^[${JS_TRIM_CLASS}]+|[${JS_TRIM_CLASS}]+$`)}, '', 'g')`;
}

/** DuckDB SQL: the text is empty or only JS-trim characters (`text.trim() === ''`). */
export function jsBlankSql(text: string): string {
  return `regexp_full_match(${text}, ${d.string(`[${JS_TRIM_CLASS}]*`)})`;
}
