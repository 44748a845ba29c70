/**
 * Escape-by-default HTML building: every value interpolated into `markup\`…\`` is escaped unless
 * it is itself the result of `markup` (already safe). Forgetting to escape a dataset or column
 * name is then impossible rather than merely unlikely. (Not named `html`: Prettier reformats
 * `html`-tagged templates as HTML, which would split the chart tags the tests and users rely on.)
 */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text safe in element content and in quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

function render(value: unknown): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === undefined || value === null || value === false) return '';
  return escapeHtml(String(value));
}

export function markup(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0]!;
  values.forEach((v, i) => {
    out += render(v) + strings[i + 1]!;
  });
  return new SafeHtml(out);
}

/** Markup produced by code, not data (e.g. a CSS block). */
export function trusted(markup: string): SafeHtml {
  return new SafeHtml(markup);
}
