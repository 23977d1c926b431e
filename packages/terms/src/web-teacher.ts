/**
 * The teach loop as core's `TermTeacher` service, for the annotate web app (`nerflow annotate
 * DATASET --mode terms`): the same TeachSession and TermsDataset as `nerflow terms teach`, so both
 * front ends store the same records, resume each other's datasets, and feed `terms to-patterns`.
 */
import type { Answer } from '@nerflow/corpus';
import type { TermAnswered, TermSuggestion, TermTeacher, TermTeacherFactory } from '@nerflow/core';
import type { Store } from '@nerflow/store';
import { openVectors } from './neighbours.js';
import { startTeach } from './teach.js';
import type { TermDecision } from './teach-session.js';
import { decisionToExample, TermsDataset } from './terms-dataset.js';

/** Opens (or resumes) the teach loop of `label` in `dataset` for one session. */
export const openTermTeacher: TermTeacherFactory = async (o) => {
  const vectors = openVectors(o.vectors);
  const display: Record<string, string> = {};
  const ds = new TermsDataset(o.store as Store, o.dataset, o.label, display, o.session);
  // general vectors (es-base when installed) and the vectors' own corpus for variants, as the CLI's defaults
  const { session } = await startTeach(o.vectors, vectors, ds, o.seeds, o.beta, o.log);
  const view = (d: { term: string; score: number; seed?: boolean }): TermSuggestion => {
    const shown = session.display(d.term);
    return {
      term: d.term, display: shown, score: d.score,
      key: decisionToExample({ term: d.term, score: d.score, answer: 'accept', display: shown }, o.label)._task_hash!,
      ...(d.seed ? { seed: true } : {}),
    };
  };
  const answered = (d: TermDecision): TermAnswered => ({ ...view(d), answer: d.answer });
  const teacher: TermTeacher = {
    label: o.label,
    vocabulary: vectors.size,
    current: () => {
      const s = session.current();
      return s && view(s);
    },
    async answer(answer: Answer) {
      const d = session.answer(answer);
      await ds.save(d);
      return answered(d);
    },
    async undo() {
      const d = session.undo();
      if (d) await ds.remove(d);
      return d && answered(d);
    },
    decisions: () => session.decisions.map(answered),
  };
  return teacher;
};
