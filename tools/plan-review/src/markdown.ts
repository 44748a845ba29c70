import type { AttributeChange } from './attribute-diff';
import { renderChange, renderValue } from './masking';
import { isPolicyError, type PolicyComparison, type PolicyError, type PolicyFailure } from './policy';
import { hasChanges, securityRelevant, type BlockChange, type StackDiff } from './stack-diff';

/** One environment's part of the review: its configuration diff and, when a suite ran, its policy verdict. */
export interface EnvironmentReview {
  readonly diff: StackDiff;
  readonly policy?: PolicyComparison | PolicyError;
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '&#124;');

/** Inline code as HTML, for places Markdown is not parsed (a <summary>) and text holding backticks. */
const htmlCode = (text: string) => `<code>${escapeHtml(text)}</code>`;

/** Inline code that survives a Markdown table: `|` escaped, backticks fall back to <code>. */
const code = (text: string): string =>
  text.includes('`') ? htmlCode(text) : `\`${text.replace(/\|/g, '\\|')}\``;

const plainCell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ];
}

const counts = (d: StackDiff) =>
  `${d.added.length} to add, ${d.changed.length} to change, ` +
  (d.replaced.length > 0 ? `${d.replaced.length} to replace, ` : '') +
  `${d.removed.length} to remove` +
  (d.settings.length > 0 ? `, ${d.settings.length} setting(s) changed` : '');

const constructOf = (c: BlockChange) => (c.block.constructPath ? code(c.block.constructPath) : '');

function attributeTable(attributes: readonly AttributeChange[]): string[] {
  return table(
    ['argument', 'before', 'after'],
    attributes.map((a) => [code(a.path), ...renderChange(a.path, a.before, a.after).map(code)]),
  );
}

/** The arguments a block is added or removed with, folded: they matter for security-relevant blocks. */
function argumentsOf(change: BlockChange): string[] {
  const side = change.action === 'add' ? 'after' : 'before';
  return [
    `<details><summary>${htmlCode(change.block.address)} arguments</summary>`,
    '',
    ...table(
      ['argument', 'value'],
      change.attributes.map((a) => [code(a.path), code(renderValue(a.path, a[side]))]),
    ),
    '',
    '</details>',
    '',
  ];
}

function securitySection(diff: StackDiff): string[] {
  const relevant = securityRelevant(diff);
  if (relevant.length === 0) return [];
  const rows = relevant.map((c) => [
    c.action,
    code(c.block.address),
    c.security.map((f) => `${f.category}: ${code(f.because)}`).join('<br>'),
  ]);
  return [
    `#### ⚠️ Security-relevant (${relevant.length})`,
    '',
    ...table(['action', 'address', 'because of'], rows),
    '',
  ];
}

function addedOrRemoved(title: string, changes: readonly BlockChange[]): string[] {
  if (changes.length === 0) return [];
  return [
    `#### ${title} (${changes.length})`,
    '',
    ...table(
      ['type', 'address', 'construct'],
      changes.map((c) => [
        code(c.block.type),
        code(c.block.address) + (c.reason ? ` — ${plainCell(c.reason)}` : ''),
        constructOf(c),
      ]),
    ),
    '',
    ...changes.filter((c) => c.security.length > 0).flatMap(argumentsOf),
  ];
}

/** Changed and replaced blocks: each with its changed arguments, and why when the plan says. */
function changedSection(title: string, changes: readonly BlockChange[]): string[] {
  if (changes.length === 0) return [];
  return [
    `#### ${title} (${changes.length})`,
    '',
    ...changes.flatMap((c) => [
      `${code(c.block.address)}${c.block.constructPath ? ` (${code(c.block.constructPath)})` : ''}` +
        (c.reason ? ` — ${plainCell(c.reason)}` : ''),
      '',
      ...attributeTable(c.attributes),
      '',
    ]),
  ];
}

function settingsSection(settings: readonly AttributeChange[]): string[] {
  if (settings.length === 0) return [];
  return ['#### Backend, providers and outputs', '', ...attributeTable(settings), ''];
}

function failureRows(label: string, failures: readonly PolicyFailure[]): string[][] {
  return failures.map((f) => [label, code(f.check), code(f.address), plainCell(f.message)]);
}

function policySection(policy: PolicyComparison | PolicyError | undefined): string[] {
  if (!policy)
    return [
      '#### Policy checks',
      '',
      '_Not run: the policy suite checks synthesized stacks (a review of `--base` and `--head`, or `--base-ref`)._',
      '',
    ];
  if (isPolicyError(policy))
    return [
      '#### Policy checks',
      '',
      `**The policy suite could not check this environment** ${policy.error}`,
      '',
    ];
  const { introduced, remaining, fixed, newlySuppressed } = policy;
  const summary =
    `${introduced.length} introduced by this change, ${remaining.length} already failing, ${fixed.length} fixed` +
    (newlySuppressed.length > 0 ? `, ${newlySuppressed.length} newly suppressed.` : '.');
  const rows = [...failureRows('introduced', introduced), ...failureRows('fixed', fixed)];
  const header = ['status', 'check', 'address', 'finding'];
  return [
    '#### Policy checks',
    '',
    summary,
    '',
    ...(rows.length > 0 ? [...table(header, rows), ''] : []),
    ...(newlySuppressed.length > 0
      ? [
          ...table(
            [...header, 'reason given'],
            newlySuppressed.map((s) => [...failureRows('suppressed', [s])[0], plainCell(s.reason)]),
          ),
          '',
        ]
      : []),
    ...(remaining.length > 0
      ? [
          `<details><summary>already failing (${remaining.length})</summary>`,
          '',
          ...table(header, failureRows('remaining', remaining)),
          '',
          '</details>',
          '',
        ]
      : []),
  ];
}

/** The Markdown of one environment. */
export function renderEnvironment({ diff, policy }: EnvironmentReview): string {
  const title = hasChanges(diff) ? counts(diff) : 'no changes';
  return [
    `### ${diff.environment}: ${title}`,
    '',
    ...securitySection(diff),
    ...addedOrRemoved('Added', diff.added),
    ...changedSection('Changed', diff.changed),
    ...changedSection('Replaced', diff.replaced),
    ...addedOrRemoved('Removed', diff.removed),
    ...settingsSection(diff.settings),
    ...policySection(policy),
  ].join('\n');
}

function policySummary(policy: PolicyComparison | PolicyError | undefined): string {
  if (!policy) return 'not run';
  if (isPolicyError(policy)) return '**could not check**';
  const failing = policy.introduced.length + policy.remaining.length;
  return `${policy.introduced.length} introduced, ${policy.fixed.length} fixed, ${failing} failing`;
}

/** The whole review: a summary table, then each environment in the given order. */
export function renderReview(reviews: readonly EnvironmentReview[]): string {
  const rows = reviews.map(({ diff, policy }) => [
    diff.environment,
    String(diff.added.length),
    String(diff.changed.length),
    String(diff.replaced.length),
    String(diff.removed.length),
    String(securityRelevant(diff).length),
    policySummary(policy),
  ]);
  return [
    '## Plan review',
    '',
    ...table(
      ['environment', 'add', 'change', 'replace', 'remove', 'security-relevant', 'policy failures'],
      rows,
    ),
    '',
    ...reviews.map(renderEnvironment),
  ].join('\n');
}
