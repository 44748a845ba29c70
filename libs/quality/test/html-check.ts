/** Small structural checks on generated HTML, enough to catch an unescaped `<` or an unclosed tag. */

const VOID = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'source',
  'track',
  'wbr',
]);

/** Tag names in document order that are opened and never closed, or closed without being open. Empty when balanced. */
export function unbalancedTags(markup: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  const body = markup.replace(/<!doctype[^>]*>/i, '').replace(/<style>[\s\S]*?<\/style>/, '<style></style>');
  for (const m of body.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:"[^"]*"|'[^']*'|[^'">])*)>/g)) {
    const [, closing, rawName, rest] = m;
    const name = rawName!.toLowerCase();
    if (VOID.has(name) || rest!.trimEnd().endsWith('/')) continue;
    if (!closing) stack.push(name);
    else if (stack[stack.length - 1] === name) stack.pop();
    else problems.push(`</${name}> while <${stack[stack.length - 1] ?? 'nothing'}> is open`);
  }
  return [...problems, ...stack.map((t) => `<${t}> never closed`)];
}

/** Every element start tag `<svg …>` whose attributes include all of `attrs` (exact, as written). */
export function countTags(markup: string, tag: string, attrs: Record<string, string> = {}): number {
  const tags = markup.match(new RegExp(`<${tag}\\b[^>]*>`, 'g')) ?? [];
  return tags.filter((t) => Object.entries(attrs).every(([k, v]) => t.includes(` ${k}="${v}"`))).length;
}
