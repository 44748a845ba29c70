import { bookmarkCommitInput, type BookmarkCommit } from '@lakehouse/state';

/** Bookmark commits and the UpdateItem request libs/state sends for each (document-client values). */
const COMMITS: readonly [name: string, job: string, commit: BookmarkCommit][] = [
  [
    'the first commit needs no item',
    'lakehouse-orders',
    { expectedVersion: 0, runId: 'run-1', files: ['f-a', 'f-b'] },
  ],
  [
    'a later commit names the version it read',
    'lakehouse-orders',
    { expectedVersion: 7, runId: 'run-8', files: [], watermark: 42 },
  ],
  [
    'a string watermark',
    'lakehouse-products',
    { expectedVersion: 1, runId: 'run-2', files: ['f-c'], watermark: '2024-01-15' },
  ],
  [
    'a fractional watermark',
    'lakehouse-order_items',
    { expectedVersion: 3, runId: 'run-4', files: ['f-d'], watermark: 12.5 },
  ],
];

export function bookmarksCorpus() {
  const now = 1_700_000_000_000;
  return COMMITS.map(([name, job, commit]) => ({
    name,
    table: 'lakehouse-control',
    job,
    commit,
    now,
    expected: bookmarkCommitInput('lakehouse-control', job, commit, now),
  }));
}
