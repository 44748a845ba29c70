import { orderItems, orders, products } from '@lakehouse/contracts';
import { csv, validateText, verdicts } from '../test/helpers';

const ORDERS_HEADER = 'order_num,order_id,user_id,order_timestamp,total_amount,date';
const order = (id: number, over: Partial<Record<string, string>> = {}) => {
  const r = {
    order_num: '1',
    order_id: String(id),
    user_id: '7',
    order_timestamp: '2024-01-15 10:00:00',
    total_amount: '12.50',
    date: '2024-01-15',
    ...over,
  };
  return [r.order_num, r.order_id, r.user_id, r.order_timestamp, r.total_amount, r.date].join(',');
};
/** n clean orders with ids from 1 */
const cleanOrders = (n: number) => Array.from({ length: n }, (_, i) => order(i + 1));

describe('accepted rows', () => {
  it('are typed, with derived columns', async () => {
    const o = await validateText(
      orders,
      csv(ORDERS_HEADER, order(10, { order_timestamp: '2024-01-13T23:30:00-01:00', date: '2024-01-14' })),
    );
    expect(o.report).toMatchObject({ status: 'PROCESSED', rowsIn: 1, accepted: 1, rejected: 0, reasons: {} });
    expect(o.accepted).toEqual([
      {
        row: 1,
        values: {
          order_num: 1,
          order_id: 10,
          user_id: 7,
          order_timestamp: { epochMs: Date.UTC(2024, 0, 14, 0, 30), micros: 0 },
          total_amount: 12.5,
          date: '2024-01-14',
          is_weekend: true, // Sunday in UTC, Saturday at the source's offset
        },
      },
    ]);
  });

  it('trim cells and treat an empty optional cell as null', async () => {
    const o = await validateText(
      orderItems,
      csv(
        'id,order_id,user_id,days_since_prior_order,product_id,add_to_cart_order,reordered,order_timestamp,date',
        ' 1 , 10 ,7,  ,5,1,0, 2024-01-15 10:00:00 ,2024-01-15',
      ),
    );
    expect(o.report.status).toBe('PROCESSED');
    expect(o.accepted[0].values).toMatchObject({ id: 1, order_id: 10, days_since_prior_order: null });
  });
});

describe('verdict order and multiple codes', () => {
  it('lists NOT_NULL, then TYPE, then RULE, each in contract order', async () => {
    const o = await validateText(
      orders,
      csv(
        ORDERS_HEADER,
        ...cleanOrders(9),
        order(10, { order_num: '', user_id: 'x', total_amount: '-1', date: '2024-01-16', order_id: '1.0' }),
      ),
    );
    expect(verdicts(o)).toEqual({
      10: [
        'NOT_NULL:order_num',
        'TYPE:order_id',
        'TYPE:user_id',
        'RULE:total_amount_positive',
        'RULE:date_matches_timestamp',
      ],
    });
    expect(o.report.reasons).toEqual({ NOT_NULL: 1, TYPE: 1, RULE: 1 });
    expect(o.report.codes).toEqual({
      'NOT_NULL:order_num': 1,
      'TYPE:order_id': 1,
      'TYPE:user_id': 1,
      'RULE:total_amount_positive': 1,
      'RULE:date_matches_timestamp': 1,
    });
  });

  it('checks rules only on columns that typed: a bad timestamp is TYPE, not RULE', async () => {
    const o = await validateText(
      orders,
      csv(ORDERS_HEADER, ...cleanOrders(9), order(10, { order_timestamp: '2024-01-15 24:00:00' })),
    );
    expect(verdicts(o)).toEqual({ 10: ['TYPE:order_timestamp'] });
  });

  it('a null in a required column is NOT_NULL, not TYPE', async () => {
    const o = await validateText(
      orders,
      csv(ORDERS_HEADER, ...cleanOrders(9), order(10, { total_amount: '   ' })),
    );
    expect(verdicts(o)).toEqual({ 10: ['NOT_NULL:total_amount'] });
  });

  it('a row with the wrong number of fields is MALFORMED_ROW only', async () => {
    const o = await validateText(
      orders,
      csv(ORDERS_HEADER, ...cleanOrders(8), order(9) + ',extra', '1,10,7'),
    );
    expect(verdicts(o)).toEqual({ 9: ['MALFORMED_ROW'], 10: ['MALFORMED_ROW'] });
    expect(o.rejected[0].cells).toMatchObject({ order_num: '1', date: '2024-01-15', _extra_1: 'extra' });
    expect(o.rejected[1].cells).toEqual({ order_num: '1', order_id: '10', user_id: '7' });
  });

  it('keeps the original cells, untrimmed, with the source file and 1-based row', async () => {
    const o = await validateText(
      orders,
      csv(ORDERS_HEADER, ...cleanOrders(9), order(10, { user_id: ' 7x ' })),
      { key: 'raw/orders/a.csv' },
    );
    expect(o.rejected).toEqual([
      {
        cells: {
          order_num: '1',
          order_id: '10',
          user_id: ' 7x ',
          order_timestamp: '2024-01-15 10:00:00',
          total_amount: '12.50',
          date: '2024-01-15',
        },
        _source_file: 'raw/orders/a.csv',
        _row: 10,
        _reasons: ['TYPE:user_id'],
      },
    ]);
  });
});

describe('file quarantine (maxRejectRatio 0.2)', () => {
  it('loads a file at exactly the ratio', async () => {
    const o = await validateText(
      orders,
      csv(ORDERS_HEADER, ...cleanOrders(8), order(9, { user_id: 'x' }), order(10, { user_id: 'y' })),
    );
    expect(o.report).toMatchObject({ status: 'PROCESSED', rowsIn: 10, accepted: 8, rejected: 2 });
    expect(o.accepted).toHaveLength(8);
  });

  it('quarantines a file just over the ratio: no row loads, every row gets FILE_QUARANTINED', async () => {
    const lines = [...cleanOrders(97), ...[98, 99, 100].map((id) => order(id, { user_id: 'x' }))];
    const o = await validateText(orders, csv(ORDERS_HEADER, ...lines), { maxRejectRatio: 0.02 });
    expect(o.report).toMatchObject({
      status: 'QUARANTINED',
      rowsIn: 100,
      accepted: 0,
      rejected: 100,
      reasons: { TYPE: 3, FILE_QUARANTINED: 100 },
      error: { code: 'FILE_QUARANTINED' },
    });
    expect(o.accepted).toEqual([]);
    expect(o.rejected).toHaveLength(100);
    expect(o.rejected[0]._reasons).toEqual(['FILE_QUARANTINED']);
    expect(o.rejected[99]._reasons).toEqual(['TYPE:user_id', 'FILE_QUARANTINED']);
    expect(o.rejected.map((r) => r._row)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
  });

  it('uses the contract ratio by default (3 of 10 rejected > 0.2)', async () => {
    const o = await validateText(
      orders,
      csv(ORDERS_HEADER, ...cleanOrders(7), ...[8, 9, 10].map((id) => order(id, { user_id: 'x' }))),
    );
    expect(o.report.status).toBe('QUARANTINED');
  });
});

describe('file shapes', () => {
  it('reads BOM, CRLF, blank lines and quoted newlines', async () => {
    const text =
      '\uFEFF' +
      [
        'product_id,department_id,department,product_name',
        '',
        '1,4,produce,"Organic\r\nBananas"',
        '  ',
        '2,4,produce,"Say ""cheese"""',
        '',
      ].join('\r\n');
    const o = await validateText(products, text);
    expect(o.report).toMatchObject({ status: 'PROCESSED', rowsIn: 2, accepted: 2 });
    expect(o.accepted.map((r) => r.values.product_name)).toEqual(['Organic\r\nBananas', 'Say "cheese"']);
    expect(o.accepted.map((r) => r.row)).toEqual([1, 2]);
  });

  it('matches headers trimmed and case-insensitively, in any order, and reports extra columns as drift', async () => {
    const o = await validateText(
      products,
      csv(' Product_Name ,DEPARTMENT, colour ,department_id,product_id', 'Apples,produce,red,4,1'),
    );
    expect(o.report).toMatchObject({
      status: 'PROCESSED',
      accepted: 1,
      schemaDrift: { extraColumns: ['colour'], missingOptionalColumns: [] },
    });
    expect(o.accepted[0].values).toEqual({
      product_id: 1,
      department_id: 4,
      department: 'produce',
      product_name: 'Apples',
    });
  });

  it('reads a missing optional column as null and reports it', async () => {
    const o = await validateText(
      orderItems,
      csv(
        'id,order_id,user_id,product_id,add_to_cart_order,reordered,order_timestamp,date',
        '1,10,7,5,1,0,2024-01-15 10:00:00,2024-01-15',
      ),
    );
    expect(o.report.schemaDrift.missingOptionalColumns).toEqual(['days_since_prior_order']);
    expect(o.accepted[0].values.days_since_prior_order).toBeNull();
  });

  it('rejects every row of a file missing a required column', async () => {
    const o = await validateText(products, csv('product_id,department', '1,produce', '2,bakery'));
    expect(o.report).toMatchObject({
      status: 'REJECTED',
      rowsIn: 2,
      accepted: 0,
      rejected: 2,
      reasons: { MISSING_COLUMN: 2 },
    });
    expect(o.report.error?.message).toMatch(
      /raw\/test\.csv: required columns department_id, product_name missing/,
    );
    expect(verdicts(o)).toEqual({
      1: ['MISSING_COLUMN:department_id', 'MISSING_COLUMN:product_name'],
      2: ['MISSING_COLUMN:department_id', 'MISSING_COLUMN:product_name'],
    });
  });

  it.each([
    ['header only', 'product_id,department_id,department,product_name\n'],
    ['header and blank lines', 'product_id,department_id,department,product_name\r\n\r\n\n'],
    ['zero bytes', ''],
  ])('%s is EMPTY', async (_what, text) => {
    const o = await validateText(products, text);
    expect(o.report).toMatchObject({ status: 'EMPTY', rowsIn: 0, accepted: 0, rejected: 0 });
    expect(o.report.error).toBeUndefined();
  });

  it('a binary file is MALFORMED_FILE with zero rows counted and nothing emitted', async () => {
    const garbage = Buffer.from([
      0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00, 0xff, 0xfe, 0x0a, 0x9c, 0x00,
    ]);
    const o = await validateText(products, garbage, { key: 'raw/products/archive.zip' });
    expect(o.report).toMatchObject({
      status: 'REJECTED',
      rowsIn: 0,
      accepted: 0,
      rejected: 0,
      error: { code: 'MALFORMED_FILE' },
    });
    expect(o.report.error?.message).toMatch(/^raw\/products\/archive\.zip: MALFORMED_FILE/);
    expect([o.accepted, o.rejected]).toEqual([[], []]);
  });

  it('a file broken mid-way is MALFORMED_FILE and what was emitted before is discarded', async () => {
    const o = await validateText(
      products,
      csv('product_id,department_id,department,product_name', '1,4,produce,Apples', '2,4,produce,"Pears'),
    );
    expect(o.report).toMatchObject({ status: 'REJECTED', rowsIn: 0, error: { code: 'MALFORMED_FILE' } });
    expect(o.accepted).toEqual([]);
  });

  it('a header naming a contract column twice is MALFORMED_FILE', async () => {
    const o = await validateText(
      products,
      csv('product_id,department_id,department,product_name,Product_ID', '1,4,produce,Apples,1'),
    );
    expect(o.report.error?.message).toMatch(/column "product_id" appears twice in the header/);
  });
});
