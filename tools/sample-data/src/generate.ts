/**
 * The generator: products, then orders with their basket lines, then the extra files with
 * whole-file defects, produced lazily as a stream of events (see csv.ts). Memory is bounded by the
 * catalogue and the customer base (a few typed arrays), never by the number of rows.
 *
 * Why parents are generated this way:
 * - A products or orders row that gets a step-1 defect is rejected by the pipeline, so nothing may
 *   reference it: such rows are "phantoms" (a product no basket picks, an order without lines).
 *   That keeps every defect's code list exact: no FK cascades onto order_items.
 * - Order ids grow with time, so one pass gives each customer's order_num, the days since the
 *   prior order and which products are re-orders.
 */
import {
  FILE_OUTCOME,
  orderItems,
  orders,
  products,
  REJECT,
  rejectCode,
  type DatasetContract,
} from '@lakehouse/contracts';
import { DEPARTMENTS, priceCents, productName } from './catalogue';
import {
  CsvSeries,
  LineTemplate,
  csvLine,
  formatTimestamp,
  plainLine,
  splitLine,
  timestampMs,
  type SampleEvent,
} from './csv';
import {
  DefectScheduler,
  DuplicatePool,
  RowCorrupter,
  defectCatalogue,
  isStepOne,
  type Defect,
  type DefectKind,
  type RowDefect,
} from './defects';
import {
  DATASET_NAMES,
  SampleDataOptionError,
  resolveOptions,
  type DatasetName,
  type ResolvedOptions,
  type SampleDataOptions,
} from './options';
import { Random, cumulative, hash32, unitHash, weightedIndex } from './random';
import { OrderTimeline } from './timeline';

/** The contract of each generated dataset. */
export const CONTRACTS: Readonly<Record<DatasetName, DatasetContract>> = {
  products,
  orders,
  order_items: orderItems,
};

export interface DatasetCounts {
  readonly files: number;
  /** Data rows written, defective ones and extra files included. */
  readonly rows: number;
  /** Rows named by at least one row defect of the manifest. */
  readonly rowsWithDefects: number;
}

export type SampleDataCounts = Readonly<Record<DatasetName, DatasetCounts>>;

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** Favourite products per customer: the ones re-ordered. */
const FAVOURITES = 16;
/** Chance that a basket line is one of the customer's favourites. */
const FAVOURITE_SHARE = 0.55;
/** Basket sizes are log-normal (most baskets small, a long tail), capped here. */
const MAX_BASKET = 60;
const BASKET_SIGMA = 0.6;
/** Instacart caps days_since_prior_order at 30. */
const MAX_DAYS_SINCE_PRIOR = 30;
/** A file rejected for more than the contract's ratio is quarantined; defects stay this far below it. */
const QUARANTINE_MARGIN = 0.01;
/** Rows in the extra MISSING_COLUMN and FILE_QUARANTINED files. */
const MISSING_COLUMN_ROWS = 10;
const QUARANTINED_ROWS = 20;
/** Rows 1, 3, 5, … of a quarantined file get a step-1 defect, this many of them (40 %). */
const QUARANTINED_DEFECTS = 8;

/** Splits `total` slots into `files` runs of near-equal length. */
class Splitter {
  private file = 0;
  private nextStart = 0;
  constructor(
    private readonly total: number,
    readonly files: number,
  ) {}
  /** True when slot `i` (0-based, increasing) starts a new file. */
  startsFile(i: number): boolean {
    if (i !== this.nextStart) return false;
    this.file++;
    this.nextStart = this.file < this.files ? Math.floor((this.file * this.total) / this.files) : Infinity;
    return true;
  }
}

/** One dataset's output: its files, defect injection and duplicate originals. */
class DatasetOutput {
  readonly series: CsvSeries;
  readonly scheduler: DefectScheduler;
  readonly corrupter: RowCorrupter;
  private readonly pool = new DuplicatePool();
  private readonly quote: boolean;
  private readonly latestBy: string | undefined;
  private readonly keepOriginals: boolean;

  constructor(
    readonly name: DatasetName,
    readonly contract: DatasetContract,
    o: ResolvedOptions,
    events: SampleEvent[],
    private readonly defects: Defect[],
    private readonly rng: Random,
  ) {
    this.series = new CsvSeries(
      name,
      contract.columns.map((c) => c.name),
      o.crlf ? '\r\n' : '\n',
      o.bom,
      events,
    );
    this.corrupter = new RowCorrupter(contract, o.nowMs);
    this.scheduler = new DefectScheduler(
      defectCatalogue(contract),
      o.defectRate,
      new Random(o.seed, `defects:${name}`),
      contract.maxRejectRatio - QUARANTINE_MARGIN,
    );
    // only free text can hold a delimiter or a quote; numbers and dates never need quoting
    this.quote = contract.columns.some((c) => c.type === 'string');
    this.latestBy = contract.latestBy;
    // without defects no duplicate is ever written, so recent rows need not be kept
    this.keepOriginals = o.defectRate > 0;
  }

  col(name: string): number {
    return this.corrupter.col(name);
  }

  openFile(): void {
    this.scheduler.startFile();
    this.pool.startFile(this.series.open());
  }

  /** The defect planned for the next row, if any (decide before building a parent row). */
  draw(): DefectKind | undefined {
    return this.scheduler.draw(this.series.rows + 1);
  }

  /**
   * Writes a row with its planned defect. Returns true when the row was written clean (a DUPLICATE
   * adds a copy after it); false when it was corrupted and must not be referenced.
   */
  emit(kind: DefectKind | undefined, cells: string[]): boolean {
    return this.emitLine(kind, this.quote ? csvLine(cells) : plainLine(cells), cells);
  }

  /** `emit` for a row already formatted; its cells are only split out when a defect needs them. */
  emitLine(kind: DefectKind | undefined, line: string, cells?: string[]): boolean {
    if (kind !== undefined && kind.category !== REJECT.DUPLICATE) {
      const c = this.corrupter.corrupt(kind, cells ?? splitLine(line));
      const row = this.series.cells(c.cells);
      this.record({
        row,
        codes: [kind.code],
        injected: kind.code,
        variant: c.variant,
        column: c.column,
        value: c.value,
      });
      return false;
    }
    const row = this.series.line(line);
    if (this.keepOriginals) this.pool.add(line, row);
    if (kind !== undefined) this.duplicate(kind);
    return true;
  }

  /**
   * Writes a copy of a recent clean row. With latestBy, an "older" copy (an hour earlier) loses to
   * its original wherever it is; a "tie" copy (identical) wins because it comes later, so the
   * original is the DUPLICATE. Without latestBy the later row always wins.
   */
  private duplicate(kind: DefectKind): void {
    let variant = this.corrupter.nextVariant(kind);
    const fromPrevious = variant.endsWith('next-file') && this.pool.hasPrevious();
    if (variant.endsWith('next-file') && !fromPrevious) variant = variant.replace('next-file', 'same-file');
    const original = this.pool.take(fromPrevious, this.rng)!; // the same-file pool holds at least the row just written
    const cells = splitLine(original.line);
    const copyLoses = variant.startsWith('older-copy');
    if (copyLoses) {
      const column = this.latestBy!;
      this.corrupter.setTimestamp(cells, column, timestampMs(cells[this.col(column)]) - HOUR_MS);
    }
    const row = this.series.cells(cells);
    const copy = { file: this.series.path, row };
    const key = cells[this.col(this.contract.primaryKey)];
    if (copyLoses) {
      const counterpart = { file: original.file, row: original.row };
      this.record({
        row,
        codes: [REJECT.DUPLICATE],
        injected: REJECT.DUPLICATE,
        variant,
        column: this.contract.primaryKey,
        value: key,
        counterpart,
      });
    } else {
      this.defects.push({
        scope: 'row',
        dataset: this.name,
        file: original.file,
        row: original.row,
        codes: [REJECT.DUPLICATE],
        injected: REJECT.DUPLICATE,
        variant,
        column: this.contract.primaryKey,
        value: key,
        counterpart: copy,
      });
    }
  }

  /** Records a row defect in the open file. */
  record(entry: Omit<RowDefect, 'scope' | 'dataset' | 'file'>): void {
    const { counterpart, column, value, ...rest } = entry;
    this.defects.push({
      scope: 'row',
      dataset: this.name,
      file: this.series.path,
      ...rest,
      ...(column !== undefined ? { column } : {}),
      ...(value !== undefined ? { value } : {}),
      ...(counterpart !== undefined ? { counterpart: { file: counterpart.file, row: counterpart.row } } : {}),
    });
  }
}

/** What the extra files need to build a valid order_items row: a real order. */
interface OrderRef {
  orderId: number;
  userId: number;
  daysSincePrior: string;
  timestamp: string;
}

/**
 * Generates a sample data set. Iterate `events()` once; `defects` and `counts` are complete when
 * the iteration ends.
 */
export class SampleDataGenerator {
  readonly options: ResolvedOptions;
  readonly defects: Defect[] = [];
  private readonly queue: SampleEvent[] = [];
  private readonly out: Record<DatasetName, DatasetOutput>;
  private readonly fileCounts: Record<DatasetName, number> = { products: 0, orders: 0, order_items: 0 };
  private readonly rowCounts: Record<DatasetName, number> = { products: 0, orders: 0, order_items: 0 };
  private started = false;

  // The catalogue, indexed by product id; `usable` marks products that baskets may pick.
  private productDepartment = new Uint8Array(0);
  private productPrice = new Uint32Array(0);
  private usable = new Uint8Array(0);
  private productsByDepartment: Int32Array[] = [];
  private departmentRunning: number[] = [];

  // State for the extra files: keys above every generated one, so they touch no other row.
  private freshKeys: Record<DatasetName, number> = { products: 0, orders: 0, order_items: 0 };
  private lastOrder: OrderRef | undefined;
  private extraRng: Random | undefined;

  constructor(options: SampleDataOptions = {}) {
    this.options = resolveOptions(options);
    const o = this.options;
    const make = (name: DatasetName) =>
      new DatasetOutput(
        name,
        CONTRACTS[name],
        o,
        this.queue,
        this.defects,
        new Random(o.seed, `duplicates:${name}`),
      );
    this.out = { products: make('products'), orders: make('orders'), order_items: make('order_items') };
    for (const request of o.fileDefects) {
      if (request.kind === REJECT.MISSING_COLUMN) this.missingColumn(request.dataset, request.column);
    }
  }

  /** Files and rows per dataset; complete once `events()` has been iterated. */
  get counts(): SampleDataCounts {
    if (this.finalCounts) return this.finalCounts;
    const withDefects: Record<DatasetName, Set<string>> = {
      products: new Set(),
      orders: new Set(),
      order_items: new Set(),
    };
    for (const d of this.defects) if (d.scope === 'row') withDefects[d.dataset].add(`${d.file}#${d.row}`);
    const counts = {} as Record<DatasetName, DatasetCounts>;
    for (const name of DATASET_NAMES) {
      counts[name] = {
        files: this.fileCounts[name],
        rows: this.rowCounts[name],
        rowsWithDefects: withDefects[name].size,
      };
    }
    return counts;
  }

  private finalCounts: SampleDataCounts | undefined;

  /** The generated files as events, lazily: text is produced as the consumer asks for it. */
  *events(): Generator<SampleEvent, void, undefined> {
    if (this.started) throw new Error('SampleDataGenerator.events() can be iterated once');
    this.started = true;
    yield* this.generateProducts();
    yield* this.generateOrders();
    yield* this.generateFileDefects();
    this.defects.sort(compareDefects);
    this.finalCounts = this.counts;
  }

  /** Hands queued events to the consumer, keeping the counts. Callers check the queue first (cheaper). */
  private *drain(): Generator<SampleEvent, void, undefined> {
    const batch = this.queue.splice(0);
    for (const event of batch) {
      if (event.type === 'close') {
        this.fileCounts[event.dataset]++;
        this.rowCounts[event.dataset] += event.rows;
      }
      yield event;
    }
  }

  private *generateProducts(): Generator<SampleEvent, void, undefined> {
    const o = this.options;
    const out = this.out.products;
    const count = o.products;
    this.productDepartment = new Uint8Array(count + 1);
    this.productPrice = new Uint32Array(count + 1);
    this.usable = new Uint8Array(count + 1);
    const rng = new Random(o.seed, 'products');
    const catalogueRunning = cumulative(DEPARTMENTS.map((d) => d.catalogueWeight));
    const split = new Splitter(count, Math.min(o.files.products, count));
    for (let id = 1; id <= count; id++) {
      if (split.startsFile(id - 1)) out.openFile();
      const department = DEPARTMENTS[rng.weighted(catalogueRunning)];
      const cells = this.productCells(out, id, department.id, rng);
      this.productDepartment[id] = department.id;
      this.productPrice[id] = priceCents(o.seed, id, department);
      this.usable[id] = out.emit(out.draw(), cells) ? 1 : 0;
      if (this.queue.length > 0) yield* this.drain();
    }
    out.series.close();
    if (this.queue.length > 0) yield* this.drain();
    this.indexCatalogue(rng);
  }

  private productCells(out: DatasetOutput, id: number, departmentId: number, rng: Random): string[] {
    const department = DEPARTMENTS[departmentId - 1];
    const cells = new Array<string>(4);
    cells[out.col('product_id')] = String(id);
    cells[out.col('department_id')] = String(department.id);
    cells[out.col('department')] = department.name;
    cells[out.col('product_name')] = productName(department, rng);
    return cells;
  }

  /** Lists the usable products per department, shuffled so popularity does not follow the id. */
  private indexCatalogue(rng: Random): void {
    const lists: number[][] = DEPARTMENTS.map(() => []);
    for (let id = 1; id < this.usable.length; id++)
      if (this.usable[id]) lists[this.productDepartment[id] - 1].push(id);
    this.productsByDepartment = lists.map((list) => {
      const ids = Int32Array.from(list);
      for (let i = ids.length - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        [ids[i], ids[j]] = [ids[j], ids[i]];
      }
      return ids;
    });
    this.departmentRunning = cumulative(
      DEPARTMENTS.map((d, i) => (lists[i].length > 0 ? d.basketWeight : 0)),
    );
    if (this.departmentRunning[this.departmentRunning.length - 1] === 0)
      throw new Error('no usable product was generated');
  }

  /** A usable product from three uniform draws: department by basket share, then a skewed rank. */
  private pickProduct(u1: number, u2: number): number {
    const list = this.productsByDepartment[weightedIndex(this.departmentRunning, u1)];
    return list[Math.floor(list.length * u2 * u2 * Math.sqrt(u2))]; // rank ~ u^2.5: a few best sellers
  }

  private *generateOrders(): Generator<SampleEvent, void, undefined> {
    const o = this.options;
    const ordersOut = this.out.orders;
    const itemsOut = this.out.order_items;
    const ordersSplit = new Splitter(o.orders, Math.min(o.files.orders, o.orders));
    const itemsSplit = new Splitter(o.orders, Math.min(o.files.order_items, o.orders));
    const timeline = new OrderTimeline(o.startMs, o.endMs, o.orders, new Random(o.seed, 'timeline'));
    const rngUsers = new Random(o.seed, 'users');
    const rngBaskets = new Random(o.seed, 'baskets');
    const pickUser = userPicker(o.users, o.seed);

    // per-customer state, the only memory that grows with the data (with the customer base)
    const orderCount = new Uint32Array(o.users + 1);
    const lastOrderMs = new Float64Array(o.users + 1);
    const boughtFavourites = new Uint16Array(o.users + 1);

    const favourites = new Int32Array(FAVOURITES);
    const basket = new Int32Array(MAX_BASKET);
    const reordered = new Uint8Array(MAX_BASKET);
    const basketMu = Math.log(o.itemsPerOrder) - (BASKET_SIGMA * BASKET_SIGMA) / 2;
    const favouriteSeed = hash32(o.seed, 0xfa7);

    const oc = {
      num: ordersOut.col('order_num'),
      id: ordersOut.col('order_id'),
      user: ordersOut.col('user_id'),
      ts: ordersOut.col('order_timestamp'),
      total: ordersOut.col('total_amount'),
      date: ordersOut.col('date'),
    };
    // basket lines are the bulk of the data: only their four changing cells are formatted per row
    const itemLine = new LineTemplate(
      itemsOut.contract.columns.map((c) => c.name),
      ['id', 'product_id', 'add_to_cart_order', 'reordered'],
    );
    const itemValues: number[] = [0, 0, 0, 0];

    let itemId = o.keysAfter.order_items;
    let lastOrder: OrderRef | undefined;
    for (let slot = 0; slot < o.orders; slot++) {
      if (ordersSplit.startsFile(slot)) ordersOut.openFile();
      if (itemsSplit.startsFile(slot)) itemsOut.openFile();
      const orderId = o.keysAfter.orders + slot + 1;
      const ms = timeline.at(slot);
      const timestamp = formatTimestamp(ms);
      const date = timestamp.slice(0, 10);
      const user = pickUser(rngUsers.float());
      const order = new Array<string>(6);
      order[oc.id] = String(orderId);
      order[oc.user] = String(user);
      order[oc.ts] = timestamp;
      order[oc.date] = date;

      const kind = ordersOut.draw();
      if (kind !== undefined && isStepOne(kind)) {
        // a phantom order: rejected by the pipeline, so it gets no basket lines
        order[oc.num] = String(orderCount[user] + 1);
        order[oc.total] = formatCents(rngBaskets.between(500, 20_000));
        ordersOut.emit(kind, order);
        if (this.queue.length > 0) yield* this.drain();
        continue;
      }

      const isFirst = orderCount[user] === 0;
      const daysSincePrior = isFirst
        ? ''
        : String(Math.min(MAX_DAYS_SINCE_PRIOR, Math.floor((ms - lastOrderMs[user]) / DAY_MS)));
      orderCount[user]++;
      lastOrderMs[user] = ms;

      // the basket: favourites (re-ordered once bought) mixed with other picks, no product twice
      for (let j = 0; j < FAVOURITES; j++) {
        favourites[j] = this.pickProduct(
          unitHash(favouriteSeed, user, 2 * j),
          unitHash(favouriteSeed, user, 2 * j + 1),
        );
      }
      const size = Math.min(
        MAX_BASKET,
        Math.max(1, Math.round(Math.exp(basketMu + BASKET_SIGMA * rngBaskets.normal()))),
      );
      const mask = boughtFavourites[user];
      let newMask = 0;
      let lines = 0;
      let totalCents = 0;
      for (let k = 0; k < size; k++) {
        let product = -1;
        for (let attempt = 0; attempt < 6 && product < 0; attempt++) {
          product = rngBaskets.chance(FAVOURITE_SHARE)
            ? favourites[rngBaskets.int(FAVOURITES)]
            : this.pickProduct(rngBaskets.float(), rngBaskets.float());
          for (let b = 0; b < lines; b++) if (basket[b] === product) product = -1;
        }
        if (product < 0) continue; // a tiny catalogue: the basket stays shorter
        const slotOf = favourites.indexOf(product);
        reordered[lines] = slotOf >= 0 && (mask >> slotOf) & 1 ? 1 : 0;
        if (slotOf >= 0) newMask |= 1 << slotOf;
        basket[lines++] = product;
        const quantity = rngBaskets.chance(0.8) ? 1 : rngBaskets.chance(0.75) ? 2 : 3;
        totalCents += this.productPrice[product] * quantity;
      }
      boughtFavourites[user] = mask | newMask;

      order[oc.num] = String(orderCount[user]);
      order[oc.total] = formatCents(totalCents);
      ordersOut.emit(kind, order);
      lastOrder = { orderId, userId: user, daysSincePrior, timestamp };

      itemLine.setFixed({
        order_id: order[oc.id],
        user_id: order[oc.user],
        days_since_prior_order: daysSincePrior,
        order_timestamp: timestamp,
        date,
      });
      for (let k = 0; k < lines; k++) {
        itemValues[0] = ++itemId;
        itemValues[1] = basket[k];
        itemValues[2] = k + 1;
        itemValues[3] = reordered[k];
        itemsOut.emitLine(itemsOut.draw(), itemLine.line(itemValues));
      }
      if (this.queue.length > 0) yield* this.drain();
    }
    ordersOut.series.close();
    itemsOut.series.close();
    if (this.queue.length > 0) yield* this.drain();
    this.freshKeys = { products: o.products, orders: o.keysAfter.orders + o.orders, order_items: itemId };
    this.lastOrder = lastOrder;
  }

  /** A valid row with a key no other row has, for the extra files. */
  private freshRow(name: DatasetName): string[] {
    const o = this.options;
    const rng = (this.extraRng ??= new Random(o.seed, 'extra-files'));
    const out = this.out[name];
    const id = ++this.freshKeys[name];
    if (name === 'products')
      return this.productCells(out, id, DEPARTMENTS[rng.int(DEPARTMENTS.length)].id, rng);
    if (name === 'orders') {
      const ms = Math.floor((o.startMs + rng.float() * (o.endMs - o.startMs - 1000)) / 1000) * 1000;
      const cells = new Array<string>(6);
      cells[out.col('order_num')] = '1';
      cells[out.col('order_id')] = String(id);
      cells[out.col('user_id')] = String(1 + rng.int(o.users));
      cells[out.col('order_timestamp')] = formatTimestamp(ms);
      cells[out.col('total_amount')] = formatCents(rng.between(500, 20_000));
      cells[out.col('date')] = formatTimestamp(ms).slice(0, 10);
      return cells;
    }
    const order = this.lastOrder!; // the first order slot is never a phantom (a file's first row has no budget)
    const cells = new Array<string>(9);
    cells[out.col('id')] = String(id);
    cells[out.col('order_id')] = String(order.orderId);
    cells[out.col('user_id')] = String(order.userId);
    cells[out.col('days_since_prior_order')] = order.daysSincePrior;
    cells[out.col('product_id')] = String(this.pickProduct(rng.float(), rng.float()));
    cells[out.col('add_to_cart_order')] = String(1 + rng.int(20));
    cells[out.col('reordered')] = '0';
    cells[out.col('order_timestamp')] = order.timestamp;
    cells[out.col('date')] = order.timestamp.slice(0, 10);
    return cells;
  }

  /** The column a MISSING_COLUMN file leaves out: the one asked for, or the first required non-key column. */
  private missingColumn(name: DatasetName, column: string | undefined): string {
    const contract = CONTRACTS[name];
    const chosen = column ?? contract.columns.find((c) => c.required && c.name !== contract.primaryKey)!.name;
    if (!contract.columns.some((c) => c.name === chosen && c.required)) {
      throw new SampleDataOptionError(`fileDefects: "${chosen}" is not a required column of ${name}`);
    }
    return chosen;
  }

  private *generateFileDefects(): Generator<SampleEvent, void, undefined> {
    for (const request of this.options.fileDefects) {
      const out = this.out[request.dataset];
      const series = out.series;
      const fileDefect = (codes: string[], rows: number) =>
        this.defects.push({
          scope: 'file',
          dataset: request.dataset,
          file: series.path,
          codes,
          injected: request.kind,
          rows,
        });
      switch (request.kind) {
        case FILE_OUTCOME.EMPTY:
          series.open('-empty');
          series.close();
          fileDefect([FILE_OUTCOME.EMPTY], 0);
          break;
        case REJECT.MALFORMED_FILE:
          series.open('-malformed');
          series.discardHeader();
          series.bytes(garbage(new Random(this.options.seed, `garbage:${request.dataset}`)));
          series.close();
          fileDefect([REJECT.MALFORMED_FILE], 0);
          break;
        case REJECT.MISSING_COLUMN: {
          const column = this.missingColumn(request.dataset, request.column);
          const drop = out.col(column);
          const code = rejectCode(REJECT.MISSING_COLUMN, column);
          series.open(
            '-missing-column',
            out.contract.columns.map((c) => c.name).filter((_, i) => i !== drop),
          );
          for (let i = 0; i < MISSING_COLUMN_ROWS; i++) {
            const row = series.cells(this.freshRow(request.dataset).filter((_, j) => j !== drop));
            out.record({ row, codes: [code], injected: code, variant: 'column-left-out', column });
          }
          series.close();
          fileDefect([code], MISSING_COLUMN_ROWS);
          break;
        }
        case REJECT.FILE_QUARANTINED: {
          const stepOne = out.scheduler.kinds.filter(isStepOne);
          series.open('-quarantined');
          for (let i = 0; i < QUARANTINED_ROWS; i++) {
            const cells = this.freshRow(request.dataset);
            if (i % 2 === 0 && i / 2 < QUARANTINED_DEFECTS) {
              const kind = stepOne[(i / 2) % stepOne.length];
              const c = out.corrupter.corrupt(kind, cells);
              const row = series.cells(c.cells);
              out.record({
                row,
                codes: [kind.code, REJECT.FILE_QUARANTINED],
                injected: kind.code,
                variant: c.variant,
                column: c.column,
                value: c.value,
              });
            } else {
              const row = series.cells(cells);
              out.record({
                row,
                codes: [REJECT.FILE_QUARANTINED],
                injected: REJECT.FILE_QUARANTINED,
                variant: 'clean-row-in-quarantined-file',
              });
            }
          }
          series.close();
          fileDefect([REJECT.FILE_QUARANTINED], QUARANTINED_ROWS);
          break;
        }
      }
      if (this.queue.length > 0) yield* this.drain();
    }
  }
}

/** `1234` cents as `12.34`. */
function formatCents(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * Picks customers with a skew (a few order often, most rarely), then scatters the ranks over the
 * id range with a bijection (rank × A + B mod n, A prime and not dividing n), so heavy buyers are
 * not simply the lowest ids.
 */
function userPicker(users: number, seed: number): (u: number) => number {
  const multiplier = [7919, 104_729, 1_299_709, 15_485_863].find((p) => users % p !== 0)!;
  const offset = hash32(seed, 0x5e4) % users;
  return (u) => 1 + ((Math.floor(users * Math.pow(u, 1.25)) * multiplier + offset) % users);
}

/**
 * Bytes no CSV reader can parse: an opening quote that is never closed, then a gzip header, NULs
 * and invalid UTF-8. Deterministic from the seed.
 */
function garbage(rng: Random): Buffer {
  const bytes = Buffer.alloc(512);
  bytes.set([0x22, 0x1f, 0x8b, 0x08, 0x00, 0x00, 0xff, 0xfe, 0xc3, 0x28]);
  for (let i = 10; i < bytes.length; i++) {
    const b = rng.int(256);
    bytes[i] = b === 0x22 ? 0x00 : b; // no quote, so the first one is never closed
  }
  return bytes;
}

const DATASET_ORDER: Readonly<Record<DatasetName, number>> = { products: 0, orders: 1, order_items: 2 };

/** Manifest order: dataset (parents first), file, file-level entry first, then row. */
export function compareDefects(a: Defect, b: Defect): number {
  return (
    DATASET_ORDER[a.dataset] - DATASET_ORDER[b.dataset] ||
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
    (a.scope === 'file' ? 0 : a.row) - (b.scope === 'file' ? 0 : b.row)
  );
}

export interface GeneratedFile {
  readonly dataset: DatasetName;
  /** Path relative to the output folder, e.g. `orders/orders-0001.csv`. */
  readonly path: string;
  /** File name, e.g. `orders-0001.csv`. */
  readonly name: string;
  readonly content: Buffer;
  /** Data rows (0 for EMPTY and MALFORMED_FILE). */
  readonly rows: number;
}

export interface SampleData {
  /** Each dataset's files in key order. */
  readonly files: Readonly<Record<DatasetName, readonly GeneratedFile[]>>;
  readonly defects: readonly Defect[];
  readonly counts: SampleDataCounts;
  readonly options: ResolvedOptions;
}

/**
 * Generates a data set in memory, for tests and small fixtures. For large sets use
 * writeSampleData, which streams to disk in constant memory.
 */
export function generateSampleData(options: SampleDataOptions = {}): SampleData {
  const generator = new SampleDataGenerator(options);
  const files: Record<DatasetName, GeneratedFile[]> = { products: [], orders: [], order_items: [] };
  const chunks = new Map<string, Buffer[]>();
  for (const event of generator.events()) {
    if (event.type === 'open') chunks.set(event.path, []);
    else if (event.type === 'data') chunks.get(event.path)!.push(toBuffer(event.chunk));
    else {
      files[event.dataset].push({
        dataset: event.dataset,
        path: event.path,
        name: event.path.slice(event.path.lastIndexOf('/') + 1),
        content: Buffer.concat(chunks.get(event.path)!),
        rows: event.rows,
      });
      chunks.delete(event.path);
    }
  }
  for (const name of DATASET_NAMES) files[name].sort((a, b) => (a.path < b.path ? -1 : 1));
  return { files, defects: generator.defects, counts: generator.counts, options: generator.options };
}

function toBuffer(chunk: string | Buffer): Buffer {
  return typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
}
