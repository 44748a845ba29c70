import fc from 'fast-check';
import { datasets } from '@lakehouse/contracts';
import { csvFileArb } from '@lakehouse/testing';
import { stageForCorpus } from './staging';

/**
 * The reading cases: a file's bytes and how the engine stages it (file facts and rows). The Glue
 * runner's csv_reader must stage every case identically.
 */

const PRODUCTS = 'product_id,department_id,department,product_name';
const ITEMS =
  'id,order_id,user_id,days_since_prior_order,product_id,add_to_cart_order,reordered,order_timestamp,date';

/** The edge cases of docs/contracts.md "Reading a file", each a named file of one dataset. */
const EDGES: readonly (readonly [name: string, dataset: string, content: string | Buffer])[] = [
  ['BOM and CRLF', 'products', `\ufeff${PRODUCTS}\r\n1,4,produce,Bananas\r\n`],
  ['a second BOM is data', 'products', `\ufeff\ufeff${PRODUCTS}\n1,4,produce,\ufeffKale\n`],
  ['LF and CRLF mixed, no final newline', 'products', `${PRODUCTS}\r\n1,4,a,b\n2,4,c,d\r\n3,4,e,f`],
  ['a lone CR is data', 'products', `${PRODUCTS}\n1,4,pro\rduce,x\n2,4,y,z\r`],
  [
    'blank and whitespace-only lines are skipped',
    'products',
    `\n  \n${PRODUCTS}\n\n \t\r\n1,4,a,b\n\u00a0\n2,4,c,d\n\n`,
  ],
  ['a line holding empty quotes is a record', 'products', `${PRODUCTS}\n""\n1,4,a,b\n`],
  [
    'quoted commas, newlines and escaped quotes',
    'products',
    `${PRODUCTS}\n1,4,"a,b","say ""hi""\nthere"\n2,4,"p\r\nq",x\n`,
  ],
  ['a quote inside an unquoted field is literal', 'products', `${PRODUCTS}\n1,4,37°36'37.8"N,b"c\n`],
  ['text after a closing quote keeps the quotes', 'products', `${PRODUCTS}\n1,4,"x"y,"a" \n`],
  ['an unclosed quote is MALFORMED_FILE', 'products', `${PRODUCTS}\n1,4,a,b\n2,4,"unclosed,c\n3,4,d,e\n`],
  [
    'invalid UTF-8 is MALFORMED_FILE',
    'products',
    Buffer.concat([Buffer.from(`${PRODUCTS}\n1,4,a,`), Buffer.from([0xc3, 0x28, 0x0a])]),
  ],
  ['a NUL byte is MALFORMED_FILE', 'products', `${PRODUCTS}\n1,4,a,b\u0000\n`],
  [
    'header names trimmed and case-insensitive, any order',
    'products',
    ` Product_Name ,DEPARTMENT,\u00a0department_id,product_id\nKale,produce,4,1\n`,
  ],
  [
    'an extra column is drift',
    'products',
    `product_id,colour,department_id,department,product_name\n1,red,4,produce,Kale\n`,
  ],
  ['a repeated unknown column is drift', 'products', `${PRODUCTS},x,X\n1,4,produce,Kale,1,2\n`],
  ['a contract column twice is MALFORMED_FILE', 'products', `${PRODUCTS},PRODUCT_ID\n1,4,produce,Kale,1\n`],
  [
    'a missing required column',
    'products',
    `product_id,department,product_name\n1,produce,Kale\n2,frozen,Peas\n`,
  ],
  [
    'a missing optional column',
    'order_items',
    `${ITEMS.replace('days_since_prior_order,', '')}\n1,10,7,5,1,0,2024-01-15 10:00:00,2024-01-15\n`,
  ],
  ['rows with another field count', 'products', `${PRODUCTS}\n1,4,a\n1,4,a,b,c\n1,4,a,b,\n`],
  ['an empty header name', 'products', `${PRODUCTS},\n1,4,a,b,x\n`],
  ['header only', 'products', `${PRODUCTS}\n`],
  ['an empty file', 'products', ''],
  ['a BOM alone', 'products', '\ufeff'],
  ['only blank lines', 'products', '\n \r\n\t\n'],
  [
    'JavaScript trim: NBSP, ideographic space, line and paragraph separators',
    'products',
    `${PRODUCTS}\n\u00a01\u00a0,\u30004,\u2028a\u2029,\ufeffb\n`,
  ],
  ['JavaScript trim keeps U+0085, U+200B and U+001C', 'products', `${PRODUCTS}\n\u00851,4\u200b,\u001ca,b\n`],
  ['cells that need no trimming are not kept', 'products', `${PRODUCTS}\n1,4,a b,c  d\n`],
];

export interface ReadingCase {
  readonly name: string;
  readonly dataset: string;
  readonly columns: readonly string[];
  readonly required: readonly string[];
  readonly key: string;
  readonly base64: string;
  readonly expected: Awaited<ReturnType<typeof stageForCorpus>>[number];
}

const ARBITRARY_FILES_PER_DATASET = 12;

/** Every reading case: the edge cases, then fast-check files of each dataset (fixed seed). */
export async function readingCorpus(): Promise<ReadingCase[]> {
  const inputs: { name: string; dataset: string; content: Buffer }[] = EDGES.map(
    ([name, dataset, content]) => ({
      name,
      dataset,
      content: Buffer.from(content),
    }),
  );
  for (const contract of datasets.ordered) {
    const files = fc.sample(fc.oneof(csvFileArb(contract), csvFileArb(contract, { plain: true })), {
      numRuns: ARBITRARY_FILES_PER_DATASET,
      seed: 20241201,
    });
    files.forEach((f, i) =>
      inputs.push({
        name: `generated ${i + 1}: ${f.note}`,
        dataset: contract.name,
        content: Buffer.from(f.text),
      }),
    );
  }
  const keyed = inputs.map((input, i) => ({
    ...input,
    key: `raw/${input.dataset}/case-${String(i + 1).padStart(3, '0')}.csv`,
  }));
  const cases: ReadingCase[] = [];
  for (const contract of datasets.ordered) {
    const mine = keyed.filter((k) => k.dataset === contract.name);
    // One staging session per dataset: a file's staging never depends on the other files.
    const staged = await stageForCorpus(contract.name, mine);
    mine.forEach((input, i) =>
      cases.push({
        name: input.name,
        dataset: input.dataset,
        columns: contract.columns.map((c) => c.name),
        required: contract.columns.filter((c) => c.required).map((c) => c.name),
        key: input.key,
        base64: input.content.toString('base64'),
        expected: staged[i],
      }),
    );
  }
  return cases;
}
