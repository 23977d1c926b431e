import { NerError, inputHash, taskHash, type Example } from '@nerflow/corpus';
import { StoreErrors } from './errors.js';

/**
 * The example with `_input_hash` and `_task_hash` filled in (from @nerflow/corpus, so the hashes
 * match the ones every other stage computes). Existing hashes are kept: they may come from Prodigy.
 */
export function ensureHashes(ex: Example): Example & { _input_hash: number; _task_hash: number } {
  if (!ex || typeof ex !== 'object' || typeof ex.text !== 'string') {
    throw new NerError(StoreErrors.BAD_EXAMPLE, 'An example to store has no "text" string.', {
      hint: 'Every record needs at least {"text": "..."}; validate the file with `nerflow convert IN OUT` first.',
    });
  }
  const input = Number.isInteger(ex._input_hash) ? ex._input_hash! : inputHash(ex);
  const withInput = { ...ex, _input_hash: input };
  const task = Number.isInteger(ex._task_hash) ? ex._task_hash! : taskHash(withInput);
  return { ...withInput, _task_hash: task };
}
