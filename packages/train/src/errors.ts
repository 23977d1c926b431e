/** Error codes owned by @nerflow/train (stable: scripts and docs refer to them). */
export const TrainErrors = {
  NO_MODEL: 'E_TRAIN_NO_MODEL',
  MODEL_VERSION: 'E_TRAIN_MODEL_VERSION',
  EMPTY_TRAIN: 'E_TRAIN_EMPTY',
  UNKNOWN_LABEL: 'E_TRAIN_UNKNOWN_LABEL',
  MISALIGNED_SPAN: 'E_TRAIN_MISALIGNED_SPAN',
  BAD_SPANS: 'E_TRAIN_BAD_SPANS',
  BAD_VECTORS: 'E_TRAIN_BAD_VECTORS',
  BAD_ENCODER: 'E_TRAIN_BAD_ENCODER',
  TRANSFORMER_LOAD: 'E_TRAIN_TRANSFORMER_LOAD',
  WORKER: 'E_TRAIN_WORKER',
  /** Options that others make useless (--width with --base): refused instead of ignored. */
  OPTION_CONFLICT: 'E_TRAIN_OPTION_CONFLICT',
  /** Settings through core's trainers registry with an unknown key or a bad value. */
  BAD_SETTINGS: 'E_TRAIN_BAD_SETTINGS',
  /** predict was given a PDF: text extraction is ingest's job. */
  PDF_INPUT: 'E_TRAIN_PDF_INPUT',
} as const;
