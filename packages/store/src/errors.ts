import { NerError } from '@nerflow/corpus';

/** Error codes owned by @nerflow/store (stable: scripts may match on them). */
export const StoreErrors = {
  BAD_NAME: 'E_STORE_BAD_NAME',
  NO_DATASET: 'E_STORE_NO_DATASET',
  DATASET_EXISTS: 'E_STORE_DATASET_EXISTS',
  BAD_EXAMPLE: 'E_STORE_BAD_EXAMPLE',
  OPEN_FAILED: 'E_STORE_OPEN_FAILED',
  BAD_SOURCE: 'E_STORE_BAD_SOURCE',
  CLOSED: 'E_STORE_CLOSED',
} as const;

const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

/** Throws E_STORE_BAD_NAME unless `name` is a usable dataset or session name. */
export function checkName(name: string, what: 'dataset' | 'session' = 'dataset'): string {
  if (typeof name !== 'string' || !NAME_RE.test(name)) {
    throw new NerError(StoreErrors.BAD_NAME, `Invalid ${what} name ${JSON.stringify(name)}.`, {
      hint: `Use 1-128 letters, digits, '_', '.' or '-', starting with a letter or digit (e.g. "marketing_ner").`,
    });
  }
  return name;
}

/** The error for a dataset that is not in the database, listing those that are. */
export function noDataset(name: string, available: string[], location: string): NerError {
  return new NerError(StoreErrors.NO_DATASET, `No dataset named "${name}" in ${location}.`, {
    hint: available.length
      ? `Available: ${available.join(', ')}. Check the name, or --db / NERFLOW_DB if you meant another database.`
      : 'The database has no datasets yet: create one with `nerflow db import NAME FILE` or `nerflow annotate NAME ...`.',
  });
}
