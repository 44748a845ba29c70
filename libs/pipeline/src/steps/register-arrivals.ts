import type { DatasetRegistry } from '@lakehouse/contracts';
import type { StateStore } from '@lakehouse/state';
import { parseRawKey } from '@lakehouse/storage';

/** An object that arrived in the raw zone, as an S3 notification (or the local upload) describes it. */
export interface Arrival {
  readonly bucket: string;
  /** The object key, decoded (S3 notifications URL-encode it). */
  readonly key: string;
  readonly versionId?: string;
  readonly eTag?: string;
  readonly size?: number;
  /** Orders the events of one key (S3 notifications). */
  readonly sequencer?: string;
}

export type ArrivalPolicy =
  | { readonly accepted: true; readonly dataset: string }
  | { readonly accepted: false; readonly reason: string };

/**
 * The one policy for what is offered under `raw/<dataset>/`: the cloud trigger applies it to each
 * notified key, the local discovery to each file under a dataset folder (discoverFiles), so both
 * load the same things. A file of a dataset is a key under `raw/<known dataset>/` — sub-folders
 * such as date prefixes included — ending in `.csv`, with no hidden segment (a name starting with
 * `.`: editor lock files, `._` resource forks, partial uploads) and no `..`, that is a valid key
 * (libs/storage keyProblem: no control character, at most 1,024 bytes, no empty segment). Anything
 * else is refused with the reason; it is never registered, never retried.
 */
export function arrivalPolicy(key: string, registry: DatasetRegistry): ArrivalPolicy {
  if (key.includes('..')) return { accepted: false, reason: 'the key contains ".."' };
  if (
    key.startsWith('raw/') &&
    key
      .split('/')
      .slice(2)
      .some((segment) => segment.startsWith('.'))
  )
    return { accepted: false, reason: 'a hidden file or folder (a name starting with ".")' };
  const parsed = parseRawKey(key);
  if (!parsed.ok) return { accepted: false, reason: parsed.reason };
  if (!registry.has(parsed.dataset)) {
    return {
      accepted: false,
      reason: `"${parsed.dataset}" is not a dataset (known: ${registry.names.join(', ')})`,
    };
  }
  return { accepted: true, dataset: parsed.dataset };
}

export type ArrivalOutcome =
  | { readonly outcome: 'registered' | 'duplicate'; readonly fileId: string; readonly dataset: string }
  | { readonly outcome: 'refused'; readonly reason: string };

export interface RegisterArrivalPorts {
  readonly state: StateStore;
  readonly registry: DatasetRegistry;
}

/**
 * Registers one arrival in the file registry, idempotent on bucket/key and versionId (or eTag):
 * the same object notified again, late or out of order, is a `duplicate` and changes nothing; a
 * refused key is reported with its reason and registers nothing.
 */
export async function registerArrival(
  ports: RegisterArrivalPorts,
  arrival: Arrival,
): Promise<ArrivalOutcome> {
  const policy = arrivalPolicy(arrival.key, ports.registry);
  if (!policy.accepted) return { outcome: 'refused', reason: policy.reason };
  const { created, file } = await ports.state.files.register({ ...arrival, dataset: policy.dataset });
  return { outcome: created ? 'registered' : 'duplicate', fileId: file.fileId, dataset: file.dataset };
}
