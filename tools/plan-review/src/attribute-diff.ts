import { compareText, isJsonObject, jsonEqual, type Json } from './json';
import { alignLists } from './list-alignment';

/** One changed argument of a block; `undefined` on a side means the argument is not set there. */
export interface AttributeChange {
  /** `rule[0].apply_server_side_encryption_by_default.sse_algorithm`, `policy.Statement[1].Action`. */
  readonly path: string;
  readonly before?: Json;
  readonly after?: Json;
  /**
   * The argument whose string value holds the JSON document this change is inside (`policy`,
   * `content`): the document's own keys are data, not Terraform arguments.
   */
  readonly document?: string;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** The path of a child: `rule[0]`, `tags.env`, `variables["db-secret"]`. */
export const childPath = (path: string, key: string | number): string => {
  if (typeof key === 'number') return `${path}[${key}]`;
  if (!IDENTIFIER.test(key)) return `${path}[${JSON.stringify(key)}]`;
  return path === '' ? key : `${path}.${key}`;
};

/**
 * A string holding a JSON document (an IAM, key or bucket policy written as a literal) is compared
 * as the document, so a review shows the statement that changed rather than two long strings.
 */
function asDocument(value: Json | undefined): Json | undefined {
  if (typeof value !== 'string' || !/^\s*[[{]/.test(value)) return value;
  try {
    return JSON.parse(value) as Json;
  } catch {
    return value;
  }
}

const isScalarList = (value: Json | undefined): boolean =>
  Array.isArray(value) && value.every((item) => item === null || typeof item !== 'object');

const isContainer = (value: Json | undefined): value is Json[] | Record<string, Json> =>
  Array.isArray(value) || isJsonObject(value);

function entriesOf(value: Json[] | Record<string, Json>): [string | number, Json][] {
  return Array.isArray(value) ? value.map((item, i) => [i, item]) : Object.entries(value);
}

/** The keys (or indices, for a list on one side only) of both sides, sorted. */
function keysOf(b: Json | undefined, a: Json | undefined): (string | number)[] {
  const keys = new Set<string | number>();
  for (const side of [b, a]) if (isContainer(side)) for (const [k] of entriesOf(side)) keys.add(k);
  return [...keys].sort((x, y) =>
    typeof x === 'number' && typeof y === 'number' ? x - y : compareText(String(x), String(y)),
  );
}

const child = (side: Json | undefined, key: string | number): Json | undefined =>
  Array.isArray(side) ? side[key as number] : isJsonObject(side) ? side[key as string] : undefined;

/**
 * The leaf-level differences between two argument trees, in a stable order: object keys sorted,
 * list items aligned (an inserted statement is one insertion, not a shift of every later one).
 * A container present on one side only is listed leaf by leaf.
 */
export function diffAttributes(
  before: Json | undefined,
  after: Json | undefined,
  path = '',
  document?: string,
): AttributeChange[] {
  const [b, a] = [asDocument(before), asDocument(after)];
  if (jsonEqual(b, a)) return [];
  const inside = document ?? (b !== before || a !== after ? path : undefined);
  const change = (): AttributeChange => ({
    path,
    before,
    after,
    ...(inside === undefined ? {} : { document: inside }),
  });
  const bothObjects = isJsonObject(b) && isJsonObject(a);
  // A list of scalars (actions, CIDR blocks, subnet ids) reads best whole, as one before → after.
  const bothLists = Array.isArray(b) && Array.isArray(a) && !(isScalarList(b) && isScalarList(a));
  const oneSideOnly =
    (b === undefined && isContainer(a) && !isScalarList(a)) ||
    (a === undefined && isContainer(b) && !isScalarList(b));
  if (!bothObjects && !bothLists && !oneSideOnly) return [change()];

  const children: [Json | undefined, Json | undefined, string][] =
    Array.isArray(b) && Array.isArray(a)
      ? alignLists(b, a).map((item) => [item.before, item.after, childPath(path, item.index)])
      : keysOf(b, a).map((key) => [child(b, key), child(a, key), childPath(path, key)]);
  const changes = children.flatMap(([before, after, childAt]) =>
    diffAttributes(before, after, childAt, inside),
  );
  // An empty list or object appearing or disappearing has no leaves; report it as itself.
  return changes.length > 0 ? changes : [change()];
}
