/** Error codes owned by @nerflow/eval (stable: scripts and CI match on them). */
export const EvalErrors = {
  /** Gold and predictions do not describe the same examples (count, text or tokens differ). */
  MISALIGNED: 'E_EVAL_MISALIGNED',
  /** An example cannot be scored (no tokens, partial annotation...). */
  BAD_EXAMPLE: 'E_EVAL_BAD_EXAMPLE',
  /** A results JSON file that `eval compare` cannot read. */
  BAD_RESULTS: 'E_EVAL_BAD_RESULTS',
  /** Two results cannot be compared (different gold data, missing bootstrap data). */
  INCOMPARABLE: 'E_EVAL_INCOMPARABLE',
  /** Bad combination of options (e.g. neither a model nor --pred). */
  USAGE: 'E_EVAL_USAGE',
  /** No trainer / model loader registered for `eval curve` or `eval MODEL`. */
  NO_TRAINER: 'E_EVAL_NO_TRAINER',
  /** Learning-curve settings that cannot work (too little training data...). */
  CURVE: 'E_EVAL_CURVE',
  /** `--labels` names a label found in neither the gold file nor the predictions. */
  UNKNOWN_LABEL: 'E_EVAL_UNKNOWN_LABEL',
} as const;

export type EvalErrorCode = (typeof EvalErrors)[keyof typeof EvalErrors];
