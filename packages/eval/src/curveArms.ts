import { NerError } from '@nerflow/corpus';
import { EvalErrors } from './errors.js';
import type { CurveSeries } from './curve.js';

/** What the transfer arms of `eval curve` start from (issue 21). */
export interface ArmSources {
  /** A `nerflow pretrain --out` folder (arms `pretrained`, `base+pretrained`). */
  initTok2vec?: string;
  /** A model that knows other types, e.g. es-base (arms `base`, `base+pretrained`). */
  base?: string;
  /** Raw text the base model labels for rehearsal (arms on the base). */
  rehearsal?: string;
}

/** The named arms; any other name is passed to the trainer as its encoder (tok2vec, transformer:NAME). */
export const ARMS = ['scratch', 'pretrained', 'base', 'base+pretrained'] as const;

/**
 * The trainer settings of one curve arm:
 * - `scratch`: a fresh tok2vec encoder and head;
 * - `pretrained`: the encoder from `nerflow pretrain` (`--init-tok2vec`), a fresh head;
 * - `base`: the base model grown with the new labels, rehearsal on `--rehearsal` text;
 * - `base+pretrained`: as `base`, with the base's encoder weights replaced by a pretrained
 *   encoder of the same architecture (pretraining continued on your text).
 * `extra` (from `--settings`) comes first, so an arm's own keys win.
 */
export function armSeries(arm: string, src: ArmSources, extra: Record<string, unknown> = {}): CurveSeries {
  const need = (what: keyof ArmSources, flag: string) => {
    const v = src[what];
    if (!v) throw new NerError(EvalErrors.CURVE, `The curve arm "${arm}" needs ${flag}.`, { hint: `e.g. nerflow eval curve ... --arm ${arm} ${flag} ${what === 'base' ? 'es-base' : 'DIR'}` });
    return v;
  };
  const rehearsal = src.rehearsal ? { rehearsal: src.rehearsal } : {};
  switch (arm) {
    case 'scratch': return { name: arm, settings: { ...extra, encoder: 'tok2vec' } };
    case 'pretrained': return { name: arm, settings: { ...extra, encoder: 'tok2vec', initTok2vec: need('initTok2vec', '--init-tok2vec') } };
    case 'base': return { name: arm, keepsOld: true, settings: { ...extra, base: need('base', '--base'), ...rehearsal } };
    case 'base+pretrained':
      return { name: arm, keepsOld: true, settings: { ...extra, base: need('base', '--base'), initTok2vec: need('initTok2vec', '--init-tok2vec'), ...rehearsal } };
    default: return { name: arm, settings: { ...extra, encoder: arm } };
  }
}
