/**
 * @lakehouse/sample-data: a seeded generator of Instacart-shaped e-commerce CSVs (products, orders,
 * order_items) with optional, catalogued defect injection. See README.md.
 */
export { generateSampleData, SampleDataGenerator, CONTRACTS, compareDefects } from './generate';
export type { GeneratedFile, SampleData, SampleDataCounts, DatasetCounts } from './generate';
export { writeSampleData } from './write';
export { generateSampleWeek, writeSampleWeek, WEEK_DAYS, BUSY_DAY_FACTOR, BURST_DEFECT_RATE } from './week';
export type { SampleWeekOptions, SampleDay, SampleDayFile, DayEvent } from './week';
export type { WriteSampleDataOptions, WrittenSampleData } from './write';
export { buildManifest } from './manifest';
export type { SampleManifest } from './manifest';
export { defectCatalogue, isStepOne } from './defects';
export type { Defect, RowDefect, FileDefect, DefectKind, DefectCategory } from './defects';
export {
  resolveOptions,
  SampleDataOptionError,
  DATASET_NAMES,
  FILE_DEFECT_KINDS,
  DEFAULT_FILE_DEFECT_DATASET,
  DEFAULT_NOW,
  DEFAULT_SEED,
} from './options';
export type {
  SampleDataOptions,
  ResolvedOptions,
  DatasetName,
  FileDefectKind,
  FileDefectRequest,
  ResolvedFileDefect,
} from './options';
export type { SampleEvent } from './csv';
