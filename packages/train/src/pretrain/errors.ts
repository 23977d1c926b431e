/** Error codes of `nerflow pretrain` (stable: scripts and docs refer to them). */
export const PretrainErrors = {
  NO_TEXT: 'E_PRETRAIN_NO_TEXT',
  BAD_CHECKPOINT: 'E_PRETRAIN_BAD_CHECKPOINT',
  BAD_OPTIONS: 'E_PRETRAIN_BAD_OPTIONS',
  WORKER: 'E_PRETRAIN_WORKER',
} as const;
