/**
 * Row-level defects: which codes a dataset can be given, how a clean row is turned into a row that
 * carries exactly one code, when to inject one, and the manifest entries that say where they are.
 *
 * The catalogue is derived from the contracts (required columns, column types, rules, foreign
 * keys, primary key and latestBy), so a new column or rule gets its defect without edits here.
 * Each mutation is chosen so that only the intended code fires: e.g. a timestamp moved out of
 * range takes its date column along (date_matches_timestamp keeps holding), and a type error in a
 * rule's column silences that rule (rules are checked only on typed columns).
 */
import {
  INT32_MAX,
  REJECT,
  rejectCode,
  type ColumnType,
  type DatasetContract,
  type Rule,
  type RuleValue,
  parseTimestamp,
} from '@lakehouse/contracts';
import { formatDate, formatTimestamp, timestampMs } from './csv';
import type { DatasetName } from './options';
import type { Random } from './random';

/** A defect on one data row; `codes` is the exact list a validator should report for that row. */
export interface RowDefect {
  readonly scope: 'row';
  readonly dataset: DatasetName;
  /** Path relative to the output folder, e.g. `orders/orders-0002.csv`. */
  readonly file: string;
  /** 1-based data-row number (the header is not counted). */
  readonly row: number;
  readonly codes: readonly string[];
  /** The code that was injected (for FILE_QUARANTINED rows, the file-level code). */
  readonly injected: string;
  /** How it was produced, e.g. `hour-24`, `tie-next-file`. */
  readonly variant: string;
  readonly column?: string;
  /** The cell text written, for cell-level defects. */
  readonly value?: string;
  /** For DUPLICATE: the other row with the same key. */
  readonly counterpart?: { readonly file: string; readonly row: number };
}

/** A defect of a whole file (what a validator should report for the file as such). */
export interface FileDefect {
  readonly scope: 'file';
  readonly dataset: DatasetName;
  readonly file: string;
  /** MISSING_COLUMN:<col>, MALFORMED_FILE, EMPTY or FILE_QUARANTINED. */
  readonly codes: readonly string[];
  readonly injected: string;
  /** Data rows the file holds (0 for EMPTY and MALFORMED_FILE: nothing is counted). */
  readonly rows: number;
}

export type Defect = RowDefect | FileDefect;

/** The reject codes the generator injects row by row. */
export type DefectCategory =
  | typeof REJECT.MALFORMED_ROW
  | typeof REJECT.NOT_NULL
  | typeof REJECT.TYPE
  | typeof REJECT.RULE
  | typeof REJECT.FK
  | typeof REJECT.DUPLICATE;

/** One reject code a dataset can be given, with the ways of producing it. */
export interface DefectKind {
  readonly code: string;
  readonly category: DefectCategory;
  readonly column?: string;
  readonly rule?: Rule;
  /** The kind cycles through its variants, one per use. */
  readonly variants: readonly string[];
}

/** Codes found at step 1 of the verdict: they count towards a file's quarantine ratio. */
export function isStepOne(kind: DefectKind): boolean {
  return kind.category !== REJECT.FK && kind.category !== REJECT.DUPLICATE;
}

const TYPE_VARIANTS: Readonly<Record<Exclude<ColumnType, 'string'>, readonly string[]>> = {
  int: ['suffix-x', 'decimal', 'overflow', 'word', 'exponent'],
  double: ['nan', 'decimal-comma', 'infinity', 'overflow', 'currency'],
  timestamp: ['hour-24', 'feb-30', 'slashes', 'offset-out-of-range', 'epoch-seconds', 'no-seconds'],
  date: ['feb-30', 'month-13', 'day-first', 'compact', 'with-time'],
};

/** The variants that violate a rule, or none when the generator cannot violate it on its own. */
function ruleVariants(rule: Rule): string[] {
  switch (rule.kind) {
    case 'compare':
      if (typeof rule.value === 'object' && (rule.op === '>' || rule.op === '>=')) return []; // see README
      return {
        '>': ['equal-bound', 'far-below'],
        '>=': ['just-below', 'far-below'],
        '<': ['equal-bound', 'far-above'],
        '<=': ['just-above', 'far-above'],
        '=': ['just-above'],
        '!=': ['equal-bound'],
      }[rule.op];
    case 'range': {
      const variants: string[] = [];
      if (rule.max !== undefined) variants.push('above-max');
      if (rule.min !== undefined && typeof rule.min !== 'object') variants.push('below-min', 'far-below-min');
      if (rule.max !== undefined && typeof rule.max !== 'object') variants.push('just-above-max');
      return variants;
    }
    case 'in':
      return ['above-set', 'below-set'];
    case 'derived':
      return rule.fn === 'utcDate' && rule.op === '=' ? ['next-day', 'previous-day'] : [];
    case 'compareColumns':
      return [];
  }
}

/**
 * Every row-level code of a dataset, interleaved by category (MALFORMED_ROW, then one NOT_NULL,
 * one TYPE, one RULE, one FK, DUPLICATE, then the next NOT_NULL, …) so that even a short run of
 * defects covers every category.
 */
export function defectCatalogue(contract: DatasetContract): DefectKind[] {
  const byCategory: DefectKind[][] = [
    [
      {
        code: REJECT.MALFORMED_ROW,
        category: REJECT.MALFORMED_ROW,
        variants: ['extra-field', 'missing-field', 'trailing-comma'],
      },
    ],
    contract.columns
      .filter((c) => c.required)
      .map((c) => ({
        code: rejectCode(REJECT.NOT_NULL, c.name),
        category: REJECT.NOT_NULL,
        column: c.name,
        variants: ['empty', 'blank'],
      })),
    contract.columns
      .filter((c) => c.type !== 'string')
      .map((c) => ({
        code: rejectCode(REJECT.TYPE, c.name),
        category: REJECT.TYPE,
        column: c.name,
        variants: TYPE_VARIANTS[c.type as Exclude<ColumnType, 'string'>],
      })),
    contract.rules
      .map((rule) => ({
        code: rejectCode(REJECT.RULE, rule.name),
        category: REJECT.RULE,
        rule,
        variants: ruleVariants(rule),
      }))
      .filter((k) => k.variants.length > 0),
    contract.foreignKeys.map((fk) => ({
      code: rejectCode(REJECT.FK, fk.column),
      category: REJECT.FK,
      column: fk.column,
      variants: ['beyond-max', 'zero'],
    })),
    [
      {
        code: REJECT.DUPLICATE,
        category: REJECT.DUPLICATE,
        column: contract.primaryKey,
        variants: contract.latestBy
          ? ['older-copy-same-file', 'tie-same-file', 'older-copy-next-file', 'tie-next-file']
          : ['later-copy-same-file', 'later-copy-next-file'],
      },
    ],
  ];
  const kinds: DefectKind[] = [];
  const longest = Math.max(...byCategory.map((list) => list.length));
  for (let i = 0; i < longest; i++) for (const list of byCategory) if (i < list.length) kinds.push(list[i]);
  return kinds;
}

/**
 * Decides which rows get a defect: each row with probability `rate`, taking the catalogue's codes
 * in turn. Step-1 codes are held back while they would bring the file's share of step-1 rows
 * above `maxShare` (counted over the rows so far, so it holds whatever the file's final length).
 */
export class DefectScheduler {
  private next = 0;
  private stepOneInFile = 0;

  constructor(
    readonly kinds: readonly DefectKind[],
    private readonly rate: number,
    private readonly rng: Random,
    private readonly maxShare: number,
  ) {}

  startFile(): void {
    this.stepOneInFile = 0;
  }

  /** The defect for the row about to be written as data row `row` of the open file, if any. */
  draw(row: number): DefectKind | undefined {
    if (this.rate === 0 || this.kinds.length === 0 || !this.rng.chance(this.rate)) return undefined;
    const budget = Math.floor(this.maxShare * row);
    for (let tries = 0; tries < this.kinds.length; tries++) {
      const index = (this.next + tries) % this.kinds.length;
      const kind = this.kinds[index];
      if (isStepOne(kind)) {
        if (this.stepOneInFile + 1 > budget) continue;
        this.stepOneInFile++;
      }
      this.next = (index + 1) % this.kinds.length;
      return kind;
    }
    return undefined;
  }
}

/** A clean row kept as a possible original for a DUPLICATE. */
export interface PooledRow {
  readonly line: string;
  readonly file: string;
  readonly row: number;
}

const POOL_SIZE = 8;

/** The last POOL_SIZE clean rows of one file, in fixed arrays (no allocation per row). */
class RowRing {
  private readonly lines: (string | null)[] = new Array<string | null>(POOL_SIZE).fill(null);
  private readonly rows: number[] = new Array<number>(POOL_SIZE).fill(0);
  private next = 0;
  count = 0;
  file = '';

  add(line: string, row: number): void {
    if (this.lines[this.next] === null) this.count++;
    this.lines[this.next] = line;
    this.rows[this.next] = row;
    this.next = (this.next + 1) % POOL_SIZE;
  }

  take(rng: Random): PooledRow | undefined {
    if (this.count === 0) return undefined;
    let skip = rng.int(this.count);
    for (let i = 0; i < POOL_SIZE; i++) {
      const line = this.lines[i];
      if (line === null || skip-- > 0) continue;
      this.lines[i] = null;
      this.count--;
      return { line, file: this.file, row: this.rows[i] };
    }
    return undefined;
  }

  reset(file: string): void {
    this.lines.fill(null);
    this.count = 0;
    this.next = 0;
    this.file = file;
  }
}

/**
 * Recent clean rows of the open file and of the file before it: originals for duplicates, in
 * constant memory. A row leaves the pool once copied, so no key is written more than twice.
 */
export class DuplicatePool {
  private current = new RowRing();
  private previous = new RowRing();

  startFile(file: string): void {
    if (this.current.count > 0) [this.previous, this.current] = [this.current, this.previous];
    this.current.reset(file);
  }

  add(line: string, row: number): void {
    this.current.add(line, row);
  }

  hasPrevious(): boolean {
    return this.previous.count > 0;
  }

  take(fromPreviousFile: boolean, rng: Random): PooledRow | undefined {
    return (fromPreviousFile ? this.previous : this.current).take(rng);
  }
}

/** The result of corrupting a row: the new cells and what to record. */
export interface Corruption {
  readonly cells: string[];
  readonly variant: string;
  readonly column?: string;
  readonly value?: string;
}

const DAY_MS = 86_400_000;
/** How far "far" is, per type: far enough to be obviously wrong. */
const FAR = { int: 35, double: 12.5, timestamp: 400 * DAY_MS, date: 400 * DAY_MS } as const;
/** The smallest step, per type. */
const STEP = { int: 1, double: 0.01, timestamp: 1000, date: DAY_MS } as const;
/** Values above a bound relative to the run start are put this far after `now`, beyond any real run. */
const FUTURE_MS = 100 * 365 * DAY_MS;

/**
 * Applies cell-level defects (every category but DUPLICATE) to rows of one dataset, cycling each
 * kind's variants.
 */
export class RowCorrupter {
  private readonly index = new Map<string, number>();
  private readonly types = new Map<string, ColumnType>();
  private readonly uses = new Map<DefectKind, number>();
  private missingKeys = 0;

  constructor(
    readonly contract: DatasetContract,
    private readonly nowMs: number,
  ) {
    contract.columns.forEach((c, i) => {
      this.index.set(c.name, i);
      this.types.set(c.name, c.type);
    });
  }

  /** The next variant of a kind (each call advances the cycle). */
  nextVariant(kind: DefectKind): string {
    const used = this.uses.get(kind) ?? 0;
    this.uses.set(kind, used + 1);
    return kind.variants[used % kind.variants.length];
  }

  col(name: string): number {
    const i = this.index.get(name);
    if (i === undefined) throw new Error(`${this.contract.name} has no column "${name}"`);
    return i;
  }

  corrupt(kind: DefectKind, clean: readonly string[]): Corruption {
    const cells = clean.slice();
    const variant = this.nextVariant(kind);
    switch (kind.category) {
      case REJECT.MALFORMED_ROW:
        if (variant === 'missing-field') cells.pop();
        else cells.push(variant === 'extra-field' ? 'EXTRA' : '');
        return { cells, variant };
      case REJECT.NOT_NULL: {
        const value = variant === 'blank' ? '   ' : '';
        cells[this.col(kind.column!)] = value;
        return { cells, variant, column: kind.column, value };
      }
      case REJECT.TYPE: {
        const i = this.col(kind.column!);
        cells[i] = badText(this.types.get(kind.column!)!, variant, clean[i]);
        return { cells, variant, column: kind.column, value: cells[i] };
      }
      case REJECT.RULE:
        return this.violate(kind.rule!, variant, cells);
      case REJECT.FK: {
        const i = this.col(kind.column!);
        cells[i] = variant === 'zero' ? '0' : String(INT32_MAX - this.missingKeys++);
        return { cells, variant, column: kind.column, value: cells[i] };
      }
      case REJECT.DUPLICATE:
        throw new Error('duplicates are written as extra rows, not by corrupting a row');
    }
  }

  /**
   * Moves a timestamp column and recomputes the columns tied to it by `= utcDate(...)` rules, so
   * that only the rule being violated fires.
   */
  setTimestamp(cells: string[], column: string, epochMs: number): void {
    cells[this.col(column)] = formatTimestamp(epochMs);
    for (const rule of this.contract.rules) {
      if (rule.kind === 'derived' && rule.fn === 'utcDate' && rule.op === '=' && rule.source === column) {
        cells[this.col(rule.column)] = formatDate(epochMs);
      }
    }
  }

  private violate(rule: Rule, variant: string, cells: string[]): Corruption {
    if (rule.kind === 'derived') {
      const source = timestampMs(cells[this.col(rule.source)]);
      const value = formatDate(source + (variant === 'next-day' ? DAY_MS : -DAY_MS));
      cells[this.col(rule.column)] = value;
      return { cells, variant, column: rule.column, value };
    }
    if (rule.kind === 'compareColumns') throw new Error(`cannot violate rule ${rule.name}`);
    const column = rule.column;
    const type = this.types.get(column)! as keyof typeof FAR;
    let target: number | string;
    if (rule.kind === 'in') {
      const numbers = rule.values.filter((v): v is number => typeof v === 'number');
      target =
        numbers.length === rule.values.length
          ? variant === 'above-set'
            ? Math.max(...numbers) + 1
            : Math.min(...numbers) - 1
          : `${rule.values.join('')}?`; // a string outside the set
    } else if (rule.kind === 'compare') {
      const bound = this.boundValue(rule.value, type);
      const offsets: Record<string, number> = {
        'equal-bound': 0,
        'far-below': -FAR[type],
        'just-below': -STEP[type],
        'far-above': FAR[type],
        'just-above': STEP[type],
      };
      target = typeof rule.value === 'object' ? this.nowMs + FUTURE_MS : bound + offsets[variant];
    } else {
      // range
      if (variant === 'above-max') {
        target =
          typeof rule.max === 'object'
            ? this.nowMs + FUTURE_MS
            : this.boundValue(rule.max!, type) + FAR[type];
      } else if (variant === 'just-above-max') {
        target = this.boundValue(rule.max!, type) + STEP[type];
      } else {
        target = this.boundValue(rule.min!, type) - (variant === 'far-below-min' ? FAR[type] : STEP[type]);
      }
    }
    if (typeof target === 'string') {
      cells[this.col(column)] = target;
    } else if (type === 'timestamp') {
      this.setTimestamp(cells, column, target);
    } else if (type === 'date') {
      cells[this.col(column)] = formatDate(target);
    } else {
      cells[this.col(column)] = type === 'double' ? target.toFixed(2) : String(Math.round(target));
    }
    return { cells, variant, column, value: cells[this.col(column)] };
  }

  /** A rule bound as a number: the value itself, or epoch milliseconds for dates and timestamps. */
  private boundValue(value: RuleValue, type: keyof typeof FAR): number {
    if (typeof value === 'object') return this.nowMs + value.runStartPlusDays * DAY_MS;
    if (typeof value === 'number') return value;
    if (type === 'date') return Date.parse(`${value}T00:00:00Z`);
    return parseTimestamp(value)!.epochMs;
  }
}

/** Text that is not a value of the type; built from the clean cell so it looks like a real slip. */
export function badText(type: ColumnType, variant: string, clean: string): string {
  const [date, time] = clean.includes(' ') ? clean.split(' ') : [clean, '10:15:00'];
  const [y, m, d] = date.split('-');
  switch (`${type}:${variant}`) {
    case 'int:suffix-x':
      return `${clean}x`;
    case 'int:decimal':
      return `${clean || '1'}.5`;
    case 'int:overflow':
      return String(INT32_MAX + 1);
    case 'int:word':
      return 'n/a';
    case 'int:exponent':
      return '1e3';
    case 'double:nan':
      return 'NaN';
    case 'double:decimal-comma':
      return clean.includes('.') ? clean.replace('.', ',') : `${clean},0`;
    case 'double:infinity':
      return 'Infinity';
    case 'double:overflow':
      return '1e999'; // matches the number pattern but is not finite
    case 'double:currency':
      return `$${clean}`;
    case 'timestamp:hour-24':
      return `${date} 24:00:00`;
    case 'timestamp:feb-30':
      return `${y}-02-30 ${time}`;
    case 'timestamp:slashes':
      return `${y}/${m}/${d} ${time}`;
    case 'timestamp:offset-out-of-range':
      return `${date}T${time}+19:00`;
    case 'timestamp:epoch-seconds':
      return String(timestampMs(clean) / 1000);
    case 'timestamp:no-seconds':
      return `${date} ${time.slice(0, 5)}`;
    case 'date:feb-30':
      return `${y}-02-30`;
    case 'date:month-13':
      return `${y}-13-01`;
    case 'date:day-first':
      return `${d}/${m}/${y}`;
    case 'date:compact':
      return `${y}${m}${d}`;
    case 'date:with-time':
      return `${date}T00:00:00`;
    default:
      throw new Error(`no bad text for ${type} variant ${variant}`);
  }
}
