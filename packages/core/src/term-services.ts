import type { Answer } from '@nerflow/corpus';
import type { Logger } from './context.js';
import { Registry } from './registry.js';

/**
 * Seed-term expansion (terms.teach) as a service, so the annotate web app can run the teach loop of
 * @nerflow/terms without importing it (stages never import each other; docs/architecture.md). The
 * CLI registers terms' implementation as 'vectors'.
 */

/** A term proposed for the label (or a seed), in its readable form. */
export interface TermSuggestion {
  /** The vocabulary key (lower case, `_` between the words of a phrase). */
  term: string;
  /** Readable form, as stored and as `terms to-patterns` reads it. */
  display: string;
  /** Cosine with the query when proposed (1 for seeds). */
  score: number;
  /** `_task_hash` of the record an answer to it is stored as. */
  key: number;
  seed?: boolean;
}

export interface TermAnswered extends TermSuggestion {
  answer: Answer;
}

/** One label's teach loop for one session, each answer stored before the call returns. */
export interface TermTeacher {
  readonly label: string;
  /** The term to answer now, or null when the vocabulary is exhausted. */
  current(): TermSuggestion | null;
  /** Answers the current term and stores the decision. */
  answer(answer: Answer): Promise<TermAnswered>;
  /** Takes back (and deletes) the last answer (a seed's too); that term is current again. */
  undo(): Promise<TermAnswered | undefined>;
  /** Every decision so far, seeds and earlier runs (resume) included, oldest first. */
  decisions(): readonly TermAnswered[];
  /** Vocabulary entries in the vectors. */
  readonly vocabulary: number;
}

export interface TermTeacherOptions {
  /** Vectors store file (`nerflow vectors train|load`). */
  vectors: string;
  seeds: string[];
  label: string;
  dataset: string;
  session: string;
  /** The open @nerflow/store Store to keep decisions in (typed loosely: core does not depend on store). */
  store: unknown;
  beta?: number;
  log?: Logger;
}

export type TermTeacherFactory = (options: TermTeacherOptions) => Promise<TermTeacher>;

/** Term teachers by name; the CLI registers @nerflow/terms' as 'vectors'. */
export const termTeachers = new Registry<TermTeacherFactory>('term teacher');
