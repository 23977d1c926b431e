/**
 * `nerflow terms teach`: the teach session wired to a vectors store, the dataset store and a front
 * end (the terminal here; the annotate web app uses TeachSession + TermsDataset the same way).
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { openStore, type Store } from '@nerflow/store';
import { quietContext, type Logger, type StageContext } from '@nerflow/core';
import { TeachSession, type Suggestion, type TermDecision } from './teach-session.js';
import type { VectorStore } from './vector-store.js';
import { TermsDataset } from './terms-dataset.js';
import { openVectors, subwordModelFor } from './neighbours.js';
import { resolveTerm } from './term-key.js';
import { TermSpace } from './term-space.js';
import { CorpusVariants } from './corpus-variants.js';
import { loadGeneralVectors } from './general-vectors.js';

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
  /** General vectors mixed in (a store, a model name/folder with static vectors; default es-base; 'none' = off). */
  general?: string;
  /** Weight of the corpus vectors' cosine against the general ones' (default 0.5). */
  mix?: number;
  /** Corpus for phrase/spelling variants and words below the vectors' min-count (default: the one the vectors were trained on, when it is still there). */
  corpus?: string;
  /** Variants proposed per accepted term (default 3; 0 = none). */
  variants?: number;
}

/** How the teach loop's search space is built (all optional; see TeachOptions). */
export interface TeachSpaceOptions {
  general?: string;
  mix?: number;
  corpus?: string;
  variants?: number;
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
  spaceOptions: TeachSpaceOptions = {}, note?: (message: string) => void,
): Promise<{ session: TeachSession; previous: TermDecision[] }> {
  const say = (m: string) => (note ? note(m) : log?.info(m));
  await ds.open();
  const previous = await ds.load();
  const general = loadGeneralVectors(spaceOptions.general);
  if (general.note) say(general.note);
  const recorded = vectors.meta.corpus ? resolve(dirname(resolve(vectorsPath)), vectors.meta.corpus) : undefined;
  const corpusFile = spaceOptions.corpus ?? (recorded && existsSync(recorded) ? recorded : undefined);
  const variants = corpusFile ? await CorpusVariants.fromCorpus(corpusFile) : undefined;
  const space = new TermSpace(vectors, { general: general.store, corpusWeight: spaceOptions.mix, extraWords: variants?.words.keys() });
  const unknown = seeds.filter((s) => s.trim() !== '' && !space.hasVector(resolveTerm((w) => space.has(w) || (general.store?.has(w) ?? false), s)));
  const sub = unknown.length ? await subwordModelFor(vectorsPath, vectors) : undefined;
  try {
    const session = new TeachSession(space, {
      seeds, previous, beta, oovVector: sub ? (t) => sub.vector(t) : undefined,
      variants, variantsPerTerm: spaceOptions.variants,
    });
    if (session.generalSeeds.length) say(`not in the corpus vectors, from the general vectors: ${session.generalSeeds.join(', ')}`);
    if (session.subwordSeeds.length) {
      const m = `not in the corpus vectors${general.store ? ' nor the general ones' : ''}: ${session.subwordSeeds.join(', ')}; their vectors come from fastText subwords (spelling, not meaning), so their neighbours may be noise`;
      say(m);
      log?.warn(m);
    }
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
    const display: Record<string, string> = {};
    const ds = new TermsDataset(db, options.dataset, options.label, display, options.session ?? '');
    const { session, previous } = await startTeach(options.vectors, vectors, ds, options.seeds, options.beta, ctx.log, options, (m) => ui.note?.(m));
    Object.assign(display, session.space.display);
    if (previous.length) ui.note?.(`resumed: ${previous.length} earlier answers in "${options.dataset}"`);
    const tally: TeachTally = { accept: 0, reject: 0, ignore: 0 };
    for (const d of session.decisions) tally[d.answer]++;
    let answered = 0;
    let exhausted = false;
    for (;;) {
      if (ctx.signal.aborted || (options.limit && answered >= options.limit)) break;
      const s = session.current();
      if (!s) {
        exhausted = true;
        break;
      }
      const action = await ui.ask({ ...s, display: session.display(s.term) }, tally);
      if (action === 'quit') break;
      if (action === 'undo') {
        const d = session.undo();
        if (d) {
          await ds.remove(d);
          tally[d.answer]--;
          answered--;
          ui.note?.(`undo: ${session.display(d.term)} (${d.answer})`);
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
      accepted: session.accepted.map((t) => session.display(t)),
    };
  } finally {
    if (!store) await db.close();
  }
}
