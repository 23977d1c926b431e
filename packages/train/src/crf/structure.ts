import { isValidTransition, tagsFor, type TagScheme } from '@nerflow/corpus';
import type { CrfStructure } from './crf.js';

/**
 * The CRF's hard structure for a label set: tag names (`O`, then B-/I-(/L-/U-) per label, the
 * corpus package's `tagsFor` order) and which transitions, first and last tags are legal
 * (`isValidTransition`). Used to train and decode, so decoded sequences are always well formed.
 */
export function crfStructure(labels: readonly string[], scheme: TagScheme): { tags: string[]; structure: CrfStructure } {
  const tags = tagsFor(labels, scheme);
  const n = tags.length;
  const allowed = new Uint8Array(n * n);
  const start = new Uint8Array(n);
  const end = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    start[i] = isValidTransition(null, tags[i]!, scheme) ? 1 : 0;
    end[i] = isValidTransition(tags[i]!, null, scheme) ? 1 : 0;
    for (let j = 0; j < n; j++) allowed[i * n + j] = isValidTransition(tags[i]!, tags[j]!, scheme) ? 1 : 0;
  }
  return { tags, structure: { nTags: n, allowed, start, end } };
}
