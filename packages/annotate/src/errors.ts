import { NerError } from '@nerflow/corpus';

/** Error codes owned by @nerflow/annotate. */
export const AnnotateErrors = {
  BAD_OPTIONS: 'E_ANNOTATE_BAD_OPTIONS',
  NO_LABELS: 'E_ANNOTATE_NO_LABELS',
  NO_MODEL: 'E_ANNOTATE_NO_MODEL',
  NO_UI: 'E_ANNOTATE_NO_UI',
  /** Terms mode without a term teacher in core's registry (the CLI registers @nerflow/terms'). */
  NO_TERMS: 'E_ANNOTATE_NO_TERMS',
  NO_AUTH: 'E_ANNOTATE_NO_AUTH',
  EMPTY_SOURCE: 'E_ANNOTATE_EMPTY_SOURCE',
  BAD_ANSWER: 'E_ANNOTATE_BAD_ANSWER',
  UNKNOWN_TASK: 'E_ANNOTATE_UNKNOWN_TASK',
  UNAUTHORIZED: 'E_ANNOTATE_UNAUTHORIZED',
  LISTEN: 'E_ANNOTATE_LISTEN',
  /** Another annotate server already serves this database file. */
  DB_BUSY: 'E_ANNOTATE_DB_BUSY',
  /** The task is leased to another session (it is that annotator's to answer). */
  LEASED: 'E_ANNOTATE_LEASED',
} as const;

/** An answer the server refuses (HTTP 400): says which answer and what is wrong. */
export function badAnswer(message: string, detail?: unknown): NerError {
  return new NerError(AnnotateErrors.BAD_ANSWER, message, {
    hint: 'Answers need {"_task_hash": <a task from /api/tasks>, "answer": "accept"|"reject"|"ignore", "spans": [{"token_start", "token_end", "label"}]} with labels from the dataset.',
    detail,
  });
}
