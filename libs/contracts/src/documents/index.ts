import { z } from 'zod';
import { LakehouseError } from '../errors';
import { datasetReportSchema } from './dataset-report';
import { planSchema } from './plan';
import { qualityReportSchema } from './quality';
import { runManifestSchema } from './run-manifest';
import { runSummarySchema } from './run-summary';

export * from './plan';
export * from './quality';
export * from './run-manifest';
export * from './run-summary';
export * from './dataset-report';

/** Every document that crosses a process or language boundary, by the name of its JSON Schema file. */
export const DOCUMENT_SCHEMAS = {
  plan: planSchema,
  'run-manifest': runManifestSchema,
  'run-summary': runSummarySchema,
  'quality-report': qualityReportSchema,
  'dataset-report': datasetReportSchema,
} as const;
export type DocumentName = keyof typeof DOCUMENT_SCHEMAS;

export interface DocumentIssue {
  /** Where in the document, e.g. `datasets.orders[1].fileSeq` (empty for the document itself). */
  readonly path: string;
  readonly message: string;
}

/** A document that does not have its schema's shape; the message names every offending field. */
export class DocumentError extends LakehouseError {
  readonly code = 'INVALID_DOCUMENT';
  constructor(
    readonly document: DocumentName,
    readonly source: string,
    readonly issues: readonly DocumentIssue[],
  ) {
    super(
      `${source}: not a valid ${document}: ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}`,
    );
  }
}

/** `datasets.orders[1].fileSeq` */
function pathOf(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`))
    .join('');
}

/**
 * Checks a document against its schema and returns it typed; throws a DocumentError naming the
 * document's source (a file, an S3 URI, a step) and every offending field.
 */
export function parseDocument<N extends DocumentName>(
  name: N,
  value: unknown,
  source: string,
): z.infer<(typeof DOCUMENT_SCHEMAS)[N]> {
  const result = DOCUMENT_SCHEMAS[name].safeParse(value);
  if (result.success) return result.data as z.infer<(typeof DOCUMENT_SCHEMAS)[N]>;
  throw new DocumentError(
    name,
    source,
    result.error.issues.map((i) => ({ path: pathOf(i.path), message: i.message })),
  );
}

/** Reads a document from its JSON text: a DocumentError names the source when the text is not JSON or not the document. */
export function parseDocumentJson<N extends DocumentName>(
  name: N,
  text: string,
  source: string,
): z.infer<(typeof DOCUMENT_SCHEMAS)[N]> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new DocumentError(name, source, [{ path: '', message: `not JSON (${(error as Error).message})` }]);
  }
  return parseDocument(name, value, source);
}

/** A document's JSON Schema (draft 2020-12), for the Python runner and for users. */
export function documentJsonSchema(name: DocumentName): Record<string, unknown> {
  return z.toJSONSchema(DOCUMENT_SCHEMAS[name], {
    // Parsed documents are frozen; that is this library's business, not the file format's.
    override: (ctx) => {
      delete (ctx.jsonSchema as { readOnly?: boolean }).readOnly;
    },
  }) as Record<string, unknown>;
}
