import type { Json } from './json';

/**
 * How a value appears in a review. Secrets never appear; values Terraform only knows after apply
 * (references to other resources' attributes) appear as what they refer to, never as a guess.
 */

/** Argument names whose values are secrets. `_arn`, `_id` and `_name` arguments only point at one. */
const SECRET_NAME = /(password|passwd|secret|token|private_key|api_key|access_key|credential)/i;
const POINTER_SUFFIX = /_(arn|id|name)$/i;
/** Values that are secrets whatever the argument is called: AWS access key ids, PEM private keys. */
const SECRET_VALUE = [/\b(AKIA|ASIA)[0-9A-Z]{16}\b/, /-----BEGIN [A-Z ]*PRIVATE KEY-----/];

export const SENSITIVE = '(sensitive)';
export const NOT_SET = '—';
const MAX_RENDERED = 160;

/** The last named key of an attribute path: `environment[0].variables.DB_PASSWORD` → `DB_PASSWORD`. */
function lastName(path: string): string {
  const names = path.match(/[A-Za-z_][A-Za-z0-9_-]*|"(?:[^"\\]|\\.)*"/g) ?? [];
  const last = names[names.length - 1] ?? '';
  return last.startsWith('"') ? (JSON.parse(last) as string) : last;
}

export function isSecretPath(path: string): boolean {
  const name = lastName(path);
  return SECRET_NAME.test(name) && !POINTER_SUFFIX.test(name);
}

/** Splits a string into literal text and `${…}` interpolations (braces inside are balanced). */
function interpolations(text: string): { literal: boolean; text: string }[] {
  const parts: { literal: boolean; text: string }[] = [];
  let i = 0;
  while (i < text.length) {
    const start = text.indexOf('${', i);
    if (start < 0) break;
    let depth = 0;
    let end = start + 1;
    for (; end < text.length; end++) {
      if (text[end] === '{') depth++;
      else if (text[end] === '}' && --depth === 0) break;
    }
    if (end >= text.length) break;
    if (start > i) parts.push({ literal: true, text: text.slice(i, start) });
    parts.push({ literal: false, text: text.slice(start + 2, end).trim() });
    i = end + 1;
  }
  if (i < text.length) parts.push({ literal: true, text: text.slice(i) });
  return parts;
}

const unknown = (expression: string) => `(known after apply: ${expression})`;

/** The text with each `${…}` replaced by what it refers to. */
const maskInterpolations = (text: string): string =>
  interpolations(text)
    .map((p) => (p.literal ? p.text : unknown(p.text)))
    .join('');

function renderString(text: string): string {
  const parts = interpolations(text);
  if (parts.length === 1 && !parts[0].literal) return unknown(parts[0].text);
  return JSON.stringify(maskInterpolations(text));
}

const truncate = (text: string): string =>
  text.length <= MAX_RENDERED ? text : `${text.slice(0, MAX_RENDERED - 1)}…`;

/** A value as a review shows it: masked where secret or unknown, compact JSON otherwise. */
export function renderValue(path: string, value: Json | undefined): string {
  if (value === undefined) return NOT_SET;
  if (isSecretPath(path)) return SENSITIVE;
  const json = JSON.stringify(value);
  if (SECRET_VALUE.some((pattern) => pattern.test(json))) return SENSITIVE;
  if (typeof value === 'string') return truncate(renderString(value));
  // Containers reach here only whole (an empty block, or a list of scalars): mask inside them alike.
  return truncate(
    JSON.stringify(value, (key: string, inner: Json) => {
      if (key !== '' && isSecretPath(key)) return SENSITIVE;
      return typeof inner === 'string' ? maskInterpolations(inner) : inner;
    }),
  );
}
