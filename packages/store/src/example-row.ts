import type { Example } from '@nerflow/corpus';
import { checkName } from './errors.js';
import { ensureHashes } from './hashes.js';
import type { Row } from './sqlite-writer.js';
import type { AddOptions } from './types.js';

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
