import type { Example } from '@nerflow/corpus';
import { checkName } from './errors.js';
import { ensureHashes } from './hashes.js';
import type { Row, RowStatus } from './sqlite-writer.js';
import type { AddOptions, AddResult } from './types.js';

/**
 * One example as every backend stores it: hashes checked and filled in (errors keep their codes),
 * the session from the example or the options, a `_timestamp` (seconds) when it had none, and the
 * whole record serialised as the row's content.
 */
export function exampleRow(raw: Example, options: AddOptions): Row {
  const ex = ensureHashes(raw);
  const session = ex._session_id ?? options.session ?? '';
  if (session !== '') checkName(session, 'session');
  const record: Example = { ...ex, _timestamp: ex._timestamp ?? Math.floor(Date.now() / 1000) };
  if (session !== '') record._session_id = session;
  return {
    session, task_hash: ex._task_hash, input_hash: ex._input_hash,
    answer: typeof record.answer === 'string' ? record.answer : null, ts: record._timestamp!, content: JSON.stringify(record),
  };
}

/** Rows written per statement or transaction by `addInBatches`. */
const BATCH = 5000;

/**
 * `Store.add` for every backend: turns examples into rows, writes them `BATCH` at a time (an import
 * of millions of lines never holds one giant transaction in memory) and counts what was new. When
 * a write fails because the cached dataset id is stale (`isStaleId`: another process dropped the
 * dataset), `refreshId` recreates it and the batch is written once more.
 */
export async function addInBatches(
  examples: Iterable<Example> | AsyncIterable<Example>, options: AddOptions,
  write: (rows: Row[]) => Promise<RowStatus[]>, isStaleId: (err: unknown) => boolean, refreshId: () => unknown,
): Promise<AddResult> {
  const result: AddResult = { added: 0, existing: 0 };
  if (options.details) result.statuses = [];
  let batch: Row[] = [];
  const flush = async () => {
    let statuses: RowStatus[];
    try {
      statuses = await write(batch);
    } catch (err) {
      if (!isStaleId(err)) throw err;
      await refreshId();
      statuses = await write(batch);
    }
    for (const st of statuses) result[st]++;
    result.statuses?.push(...statuses);
    batch = [];
  };
  for await (const ex of examples as AsyncIterable<Example>) {
    batch.push(exampleRow(ex, options));
    if (batch.length >= BATCH) await flush();
  }
  if (batch.length) await flush();
  return result;
}
