import { NerError, type NerErrorOptions } from '@nerflow/corpus';

/** Error codes owned by @nerflow/terms (stable: scripts may match on them). */
export const TermsErrors = {
  VEC_MALFORMED: 'E_TERMS_VEC_MALFORMED',
  VEC_DIM: 'E_TERMS_VEC_DIM',
  VEC_EMPTY: 'E_TERMS_VEC_EMPTY',
  STORE_FORMAT: 'E_TERMS_STORE_FORMAT',
  NO_VECTORS: 'E_TERMS_NO_VECTORS',
  OOV: 'E_TERMS_OOV',
  EMPTY_SEEDS: 'E_TERMS_EMPTY_SEEDS',
  UNKNOWN_DATASET: 'E_TERMS_UNKNOWN_DATASET',
  NO_TERMS: 'E_TERMS_NO_TERMS',
  EMPTY_CORPUS: 'E_TERMS_EMPTY_CORPUS',
  FASTTEXT: 'E_TERMS_FASTTEXT',
  TEACH_STATE: 'E_TERMS_TEACH_STATE',
} as const;

export type TermsErrorCode = (typeof TermsErrors)[keyof typeof TermsErrors];

/** Shorthand: a NerError with one of this package's codes. */
export function termsError(code: TermsErrorCode, message: string, options: NerErrorOptions = {}): NerError {
  return new NerError(code, message, options);
}
