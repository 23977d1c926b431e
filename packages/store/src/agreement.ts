import type { Example } from '@nerflow/corpus';

/** Agreement of two sessions on the examples both annotated. */
export interface PairAgreement {
  a: string;
  b: string;
  /** Inputs (texts) both sessions accepted with a complete annotation: the base of the F1. */
  shared: number;
  /** Entity-level F1 of b against a (symmetric: swapping a and b gives the same F1); NaN without shared texts. */
  f1: number;
  /** Tasks both answered, and how many got the same answer (accept/reject/ignore). */
  sharedTasks: number;
  sameAnswer: number;
}

export interface AgreementResult {
  pairs: PairAgreement[];
  /** Micro F1 over all pairs and shared inputs; NaN when no pair shares a text. */
  f1: number;
  /** Micro F1 per label over all pairs. */
  perLabel: Record<string, { f1: number; a: number; b: number; both: number }>;
  sessions: string[];
}

type Key = string;
const spanKey = (s: { start: number; end: number; label: string }): Key => `${s.start}:${s.end}:${s.label}`;

/**
 * Inter-annotator agreement between the sessions of a dataset: entity-level F1 (exact start, end
 * and label) on the inputs every pair of sessions accepted, as the usual NER agreement measure
 * (F1 rather than kappa: the number of non-entities is not defined for spans). Binary (partial)
 * answers only count toward answer agreement, since their spans are not complete annotations.
 * @example entityAgreement(examples).pairs[0] // { a: 'ana', b: 'luis', shared: 40, f1: 0.91, ... }
 */
export function entityAgreement(examples: Iterable<Example>): AgreementResult {
  // session -> input hash -> accepted span keys; session -> task hash -> answer
  const full = new Map<string, Map<number, Set<Key>>>();
  const answers = new Map<string, Map<number, string>>();
  for (const ex of examples) {
    const session = ex._session_id ?? '';
    if (!answers.has(session)) { answers.set(session, new Map()); full.set(session, new Map()); }
    if (ex._task_hash !== undefined && ex.answer) answers.get(session)!.set(ex._task_hash, ex.answer);
    const partial = ex._partial === true || ex._view_id === 'ner';
    if (ex.answer === 'accept' && !partial && ex._input_hash !== undefined) {
      full.get(session)!.set(ex._input_hash, new Set((ex.spans ?? []).map(spanKey)));
    }
  }
  const sessions = [...answers.keys()].sort();
  const pairs: PairAgreement[] = [];
  const perLabel: AgreementResult['perLabel'] = {};
  let tp = 0, na = 0, nb = 0;
  const count = (label: string, field: 'a' | 'b' | 'both') => {
    perLabel[label] ??= { f1: 0, a: 0, b: 0, both: 0 };
    perLabel[label][field]++;
  };
  for (let i = 0; i < sessions.length; i++) {
    for (let j = i + 1; j < sessions.length; j++) {
      const a = sessions[i]!, b = sessions[j]!;
      let shared = 0, ptp = 0, pa = 0, pb = 0;
      for (const [input, spansA] of full.get(a)!) {
        const spansB = full.get(b)!.get(input);
        if (!spansB) continue;
        shared++;
        for (const k of spansA) { pa++; count(label(k), 'a'); if (spansB.has(k)) { ptp++; count(label(k), 'both'); } }
        for (const k of spansB) { pb++; count(label(k), 'b'); }
      }
      let sharedTasks = 0, sameAnswer = 0;
      for (const [task, ans] of answers.get(a)!) {
        const other = answers.get(b)!.get(task);
        if (other === undefined) continue;
        sharedTasks++;
        if (other === ans) sameAnswer++;
      }
      tp += ptp; na += pa; nb += pb;
      pairs.push({ a, b, shared, f1: shared ? f1(ptp, pa, pb) : Number.NaN, sharedTasks, sameAnswer });
    }
  }
  for (const v of Object.values(perLabel)) v.f1 = f1(v.both, v.a, v.b);
  const anyShared = pairs.some((p) => p.shared > 0);
  return { pairs, f1: anyShared ? f1(tp, na, nb) : Number.NaN, perLabel, sessions };
}

/** F1 = 2|A∩B| / (|A| + |B|); 1 when both are empty (they agree there is nothing). */
function f1(both: number, a: number, b: number): number {
  return a + b === 0 ? 1 : (2 * both) / (a + b);
}

function label(key: Key): string {
  return key.slice(key.indexOf(':', key.indexOf(':') + 1) + 1);
}
