/**
 * `nerflow terms teach`: the teach session wired to a vectors store, the dataset store and a front
 * end (the terminal here; the annotate web app uses TeachSession + TermsDataset the same way).
 */
import { openStore, type Store } from '@nerflow/store';
import { quietContext, type Logger, type StageContext } from '@nerflow/core';
import { TeachSession, type Suggestion, type TermDecision } from './teach-session.js';
import type { VectorStore } from './vector-store.js';
import { TermsDataset } from './terms-dataset.js';
import { openVectors, subwordModelFor } from './neighbours.js';
import { resolveTerm, termDisplay } from './term-key.js';

/** What a front end can answer. */
export type TeachAction = 'accept' | 'reject' | 'ignore' | 'undo' | 'quit';

export interface TeachTally {
  accept: number;
  reject: number;
  ignore: number;
}

/** A front end shows a suggestion and returns the user's action. */
export interface TeachFrontEnd {
  ask(suggestion: Suggestion & { display: string }, tally: TeachTally): Promise<TeachAction>;
  /** Short messages ("undid: java", "resumed 14 answers"). */
  note?(message: string): void;
}

export interface TeachOptions {
  vectors: string;
  seeds: string[];
  label: string;
  dataset: string;
  /** SQLite file (default: the store's default, NERFLOW_DB or ~/.nerflow/nerflow.db). */
  db?: string;
  session?: string;
  beta?: number;
  /** Stop after this many answers in this run (0 = no limit). */
  limit?: number;
}

export interface TeachSummary extends TeachTally {
  /** Answers given in this run. */
  answered: number;
  /** Answers found from earlier runs. */
  resumed: number;
  /** Accepted terms so far (all runs, seeds included), readable forms. */
  accepted: string[];
  exhausted: boolean;
}

/**
 * Opens the teach session of a terms dataset, as every front end does (the terminal here, the web
 * app through core's termTeachers): stored decisions replayed (resume), seeds outside the vocabulary
 * given subword vectors when the store has a fastText model, new seeds stored.
 */
export async function startTeach(
  vectorsPath: string, vectors: VectorStore, ds: TermsDataset, seeds: string[], beta: number | undefined, log?: Logger,
): Promise<{ session: TeachSession; previous: TermDecision[] }> {
  await ds.open();
  const previous = await ds.load();
  const unknown = seeds.filter((s) => s.trim() !== '' && !vectors.has(resolveTerm((w) => vectors.has(w), s)));
  const sub = unknown.length ? await subwordModelFor(vectorsPath, vectors) : undefined;
  if (sub) log?.info(`using subword vectors for: ${unknown.join(', ')}`);
  try {
    const session = new TeachSession(vectors, { seeds, previous, beta, oovVector: sub ? (t) => sub.vector(t) : undefined });
    for (const d of session.decisions.slice(previous.length)) await ds.save(d); // new seeds
    return { session, previous };
  } finally {
    sub?.dispose();
  }
}

/**
 * Runs the accept/reject loop until the user quits, the limit is reached or the vocabulary is
 * exhausted. Every answer is stored at once, so quitting at any point loses nothing.
 */
export async function runTeach(options: TeachOptions, ui: TeachFrontEnd, ctx: StageContext = quietContext(), store?: Store): Promise<TeachSummary> {
  const vectors = openVectors(options.vectors);
  const db = store ?? openStore({ db: options.db });
  try {
    const ds = new TermsDataset(db, options.dataset, options.label, vectors.meta.display, options.session ?? '');
    const { session, previous } = await startTeach(options.vectors, vectors, ds, options.seeds, options.beta, ctx.log);
    if (previous.length) ui.note?.(`resumed: ${previous.length} earlier answers in "${options.dataset}"`);
    const tally: TeachTally = { accept: 0, reject: 0, ignore: 0 };
    for (const d of session.decisions) if (!d.seed) tally[d.answer]++;
    let answered = 0;
    let exhausted = false;
    for (;;) {
      if (ctx.signal.aborted || (options.limit && answered >= options.limit)) break;
      const s = session.current();
      if (!s) {
        exhausted = true;
        break;
      }
      const action = await ui.ask({ ...s, display: termDisplay(s.term, vectors.meta.display) }, tally);
      if (action === 'quit') break;
      if (action === 'undo') {
        const d = session.undo();
        if (d) {
          await ds.remove(d);
          tally[d.answer]--;
          answered--;
          ui.note?.(`undo: ${termDisplay(d.term, vectors.meta.display)} (${d.answer})`);
        } else ui.note?.('nothing to undo');
        continue;
      }
      const d = session.answer(action);
      await ds.save(d);
      tally[action]++;
      answered++;
    }
    return {
      ...tally, answered, resumed: previous.length, exhausted,
      accepted: session.accepted.map((t) => termDisplay(t, vectors.meta.display)),
    };
  } finally {
    if (!store) await db.close();
  }
}
