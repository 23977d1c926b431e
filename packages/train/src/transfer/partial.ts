import type { Example, TagScheme } from '@nerflow/corpus';
import type { TrainDoc } from '../model/nerModel.js';
import { evidenceOf, type Where } from '../model/evidence.js';

/**
 * CRF evidence for an example annotated for SOME labels only (issue 8): tokens it marks as outside
 * every span are `O` for the labels it annotates, but MISSING for the `open` labels, so they may be
 * `O` or any tag of an open label. Tokens inside its spans keep their exact tag.
 *
 * Two uses when adding types to a base model (`--base`):
 * - the user's examples, annotated only for the new types: open = the base's old labels;
 * - rehearsal examples pseudo-labelled by the base model: open = the new labels.
 * Training on such examples as if complete would teach the model that every unmarked old-type
 * entity is `O`: the classic way to make it forget.
 */
export function openLabelEvidence(ex: Example, tags: string[], scheme: TagScheme, open: readonly string[], where: Where = {}): TrainDoc | null {
  const ev = evidenceOf(ex, tags, scheme, where);
  if (!ev || !ev.mask || !open.length) return ev;
  return { ...ev, mask: openMask(ev.mask, tags, open) };
}

/** Widens every row that allows only `O` to `O` + every tag of the open labels (other rows unchanged). */
export function openMask(mask: Uint8Array, tags: string[], open: readonly string[]): Uint8Array {
  const n = tags.length;
  const o = tags.indexOf('O');
  const openSet = new Set(open);
  const extra = tags.map((t, j) => (j !== o && openSet.has(t.slice(2)) ? j : -1)).filter((j) => j >= 0);
  const out = mask.slice();
  for (let row = 0; row < out.length; row += n) {
    let onlyO = out[row + o] === 1;
    for (let j = 0; onlyO && j < n; j++) if (j !== o && out[row + j]) onlyO = false;
    if (onlyO) for (const j of extra) out[row + j] = 1;
  }
  return out;
}
