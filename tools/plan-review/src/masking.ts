import { createHash } from 'node:crypto';
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
export const KNOWN_AFTER_APPLY = '(known after apply)';

/*
 * What a Terraform plan masks is replaced by a marker before the diff: unknown until apply, or
 * sensitive with a digest of the value, so that a changed secret still shows as changed. A marker
 * starts with a NUL character, which configuration values do not hold, so no value reads as one.
 */
const MARKER = '\u0000';
export const UNKNOWN_MARKER = `${MARKER}unknown`;
export const sensitiveMarker = (value: Json | undefined): string =>
  `${MARKER}sensitive:${createHash('sha256')
    .update(JSON.stringify(value ?? null))
    .digest('hex')}`;

/** The text a marker shows as, or undefined for a value that is not one. */
function markerText(value: Json): string | undefined {
  if (typeof value !== 'string' || !value.startsWith(MARKER)) return undefined;
  return value === UNKNOWN_MARKER ? KNOWN_AFTER_APPLY : SENSITIVE;
}

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

/** A value as a review shows it, whole: masked where secret or unknown, compact JSON otherwise. */
function renderWhole(path: string, value: Json | undefined): string {
  if (value === undefined) return NOT_SET;
  if (isSecretPath(path)) return SENSITIVE;
  const marker = markerText(value);
  if (marker) return marker;
  const json = JSON.stringify(value);
  if (SECRET_VALUE.some((pattern) => pattern.test(json))) return SENSITIVE;
  if (typeof value === 'string') return renderString(value);
  // Containers reach here only whole (an empty block, or a list of scalars): mask inside them alike.
  return JSON.stringify(value, (key: string, inner: Json) => {
    if (key !== '' && isSecretPath(key)) return SENSITIVE;
    if (typeof inner !== 'string') return inner;
    return markerText(inner) ?? maskInterpolations(inner);
  });
}

/** A value as a review shows it: masked where secret or unknown, compact JSON, shortened. */
export const renderValue = (path: string, value: Json | undefined): string =>
  truncate(renderWhole(path, value));

const isScalar = (value: Json) => value === null || typeof value !== 'object';

/**
 * A changed argument's before and after. Two lists of scalars too long to show whole (the services
 * of a key policy condition, a role's actions) show their sizes and the items added and removed, so
 * that the change is not cut off where both sides still read the same.
 */
export function renderChange(
  path: string,
  before: Json | undefined,
  after: Json | undefined,
): [string, string] {
  const [wholeBefore, wholeAfter] = [renderWhole(path, before), renderWhole(path, after)];
  const fits = wholeBefore.length <= MAX_RENDERED && wholeAfter.length <= MAX_RENDERED;
  if (fits || !Array.isArray(before) || !Array.isArray(after) || ![...before, ...after].every(isScalar))
    return [truncate(wholeBefore), truncate(wholeAfter)];
  if (wholeBefore === SENSITIVE || wholeAfter === SENSITIVE) return [SENSITIVE, SENSITIVE];
  const removed = before.filter((item) => !after.includes(item));
  const added = after.filter((item) => !before.includes(item));
  const items = (list: readonly Json[]) => `${list.length} item${list.length === 1 ? '' : 's'}`;
  return [
    items(before) + (removed.length > 0 ? `, − ${renderValue(path, removed)}` : ''),
    items(after) +
      (added.length > 0 ? `, + ${renderValue(path, added)}` : '') +
      (added.length + removed.length === 0 ? ', reordered' : ''),
  ];
}
