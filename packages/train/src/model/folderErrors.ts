/** Error codes of model-folder safety (issue 17): stable, scripts and docs match on them. */
export const ModelFolderErrors = {
  /** A weights file is missing, truncated, fails its checksum, or holds NaN/Inf. */
  CORRUPT: 'E_MODEL_CORRUPT',
  /** The folder is a checkpoint of an unfinished training (complete: false). */
  INCOMPLETE: 'E_MODEL_INCOMPLETE',
  /** The tok2vec weights were written with another weight layout than this nerflow reads. */
  LAYOUT: 'E_MODEL_LAYOUT',
  /** A folder trained with `--old-types frozen` lacks the copy of its base model (`base/`). */
  NO_BASE: 'E_MODEL_NO_BASE',
  /** `--out` names an existing model (pass --overwrite) or a folder holding other files. */
  OUT_EXISTS: 'E_MODEL_OUT_EXISTS',
} as const;
