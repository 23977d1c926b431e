import { NerError, isPartial, taskHash, type Example, type Span } from '@nerflow/corpus';
import { entityAgreement, type Store } from '@nerflow/store';
import type { ReviewInfo, ReviewVersion, Task } from './api.js';
import { AnnotateErrors } from './errors.js';
import { prepareExample } from './task-stream.js';

/** What review mode asks about: one task per text answered by several versions, and their agreement. */
export interface ReviewPlan {
  tasks: Task[];
  info: ReviewInfo;
  /** Labels seen in the versions' spans and the source datasets' meta. */
  labels: string[];
}

const spanKey = (s: Pick<Span, 'start' | 'end' | 'label'>) => `${s.start}:${s.end}:${s.label}`;

/**
 * Reads the answers of `from` (datasets; with one dataset, its sessions) and builds one review task
 * per text that at least `minVersions` versions answered with a complete annotation (accept or
 * reject; binary teach answers and ignores are not versions). A version is `dataset/session` (or
 * one part of it when the other is the same for all). Each version's spans that not every other
 * version has are listed in `differs`; the editable spans start as the most common version.
 */
export async function planReview(store: Store, from: string[], minVersions = 2): Promise<ReviewPlan> {
  const labels = new Set<string>();
  const rows: { dataset: string; ex: Example }[] = [];
  for (const dataset of from) {
    const ds = await store.getDataset(dataset);
    if (!ds) {
      const names = (await store.datasets()).map((d) => d.name);
      throw new NerError(AnnotateErrors.BAD_OPTIONS, `--from names a dataset that does not exist: "${dataset}" (in ${store.location}).`, {
        hint: names.length ? `Datasets there: ${names.join(', ')}.` : 'The database has no datasets: annotate first, or pass --db.',
      });
    }
    for (const l of (ds.meta.labels as string[] | undefined) ?? []) labels.add(l);
    for await (const ex of store.examples(dataset)) {
      if ((ex.answer === 'accept' || ex.answer === 'reject') && !isPartial(ex)) rows.push({ dataset, ex });
    }
  }
  const sessionsPer = new Map<string, Set<string>>();
  for (const r of rows) (sessionsPer.get(r.dataset) ?? sessionsPer.set(r.dataset, new Set()).get(r.dataset)!).add(r.ex._session_id ?? '');
  const nameOf = (dataset: string, session: string) => {
    if (from.length === 1) return session || '(no session)';
    return sessionsPer.get(dataset)!.size === 1 ? dataset : `${dataset}/${session || '(no session)'}`;
  };

  // input hash -> version name -> the newest answer of that version (a re-answer replaces)
  const byInput = new Map<number, Map<string, Example>>();
  const named: Example[] = [];
  for (const { dataset, ex } of rows) {
    const name = nameOf(dataset, ex._session_id ?? '');
    const input = prepareExample(ex)._input_hash;
    (byInput.get(input) ?? byInput.set(input, new Map()).get(input)!).set(name, ex);
    named.push({ ...ex, _session_id: name });
    for (const s of ex.spans ?? []) labels.add(s.label);
  }
  const agreement = entityAgreement(named);

  const tasks: Task[] = [];
  for (const [input, versionsByName] of byInput) {
    if (versionsByName.size < minVersions) continue;
    const first = prepareExample([...versionsByName.values()][0]!);
    const versions: ReviewVersion[] = [...versionsByName].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, ex]) => ({
      // Token indices recomputed on one tokenization, so every version lines up with the editor.
      name, answer: ex.answer!, spans: prepareExample({ text: first.text, tokens: first.tokens, spans: (ex.spans ?? []).map(offsetsOnly) }).spans!.map(cleanSpan),
      differs: [],
    }));
    const accepted = versions.filter((v) => v.answer === 'accept');
    for (const v of versions) {
      // A span differs when some other accepted version lacks it (a rejecting version has no spans to compare).
      v.differs = v.spans.flatMap((s, i) => (accepted.some((o) => o !== v && !o.spans.some((t) => spanKey(t) === spanKey(s))) ? [i] : []));
    }
    const start = mostCommon(accepted.length ? accepted : versions);
    const task: Task = {
      _input_hash: input, _task_hash: 0, _view_id: 'review', text: first.text, tokens: first.tokens,
      spans: start.spans.map((s) => ({ ...s })), versions,
    };
    if (first.meta) task.meta = first.meta;
    // Not the hash of a manual question on the same text: a review is a different question.
    task._task_hash = taskHash({ text: first.text, _input_hash: input, spans: [], label: '_review' });
    tasks.push(task);
  }
  const info: ReviewInfo = {
    from, versions: agreement.sessions, inputs: tasks.length,
    agreement: {
      f1: agreement.f1,
      perLabel: Object.fromEntries(Object.entries(agreement.perLabel).map(([l, v]) => [l, { f1: v.f1, agreed: v.both, a: v.a, b: v.b }])),
    },
  };
  return { tasks, info, labels: [...labels] };
}

function offsetsOnly(s: Span): Span {
  const out = { ...s };
  delete (out as Partial<Span>).token_start;
  delete (out as Partial<Span>).token_end;
  return out;
}

function cleanSpan(s: Span): Span {
  const out: Span = { start: s.start, end: s.end, token_start: s.token_start, token_end: s.token_end, label: s.label, source: s.source ?? 'user' };
  if (typeof s.score === 'number') out.score = s.score;
  return out;
}

/** The version whose span set most others share (ties: the first by name). */
function mostCommon(versions: ReviewVersion[]): ReviewVersion {
  const key = (v: ReviewVersion) => v.spans.map(spanKey).sort().join('|');
  const counts = new Map<string, number>();
  for (const v of versions) counts.set(key(v), (counts.get(key(v)) ?? 0) + 1);
  return versions.reduce((best, v) => (counts.get(key(v))! > counts.get(key(best))! ? v : best), versions[0]!);
}

/** The agreement before review as printed lines: overall, then one per label. */
export function agreementLines(info: ReviewInfo): string[] {
  const pct = (x: number) => (Number.isNaN(x) ? 'n/a' : (100 * x).toFixed(1));
  return [
    `agreement before review (entity F1 between ${info.versions.join(', ')}): ${pct(info.agreement.f1)}`,
    ...Object.entries(info.agreement.perLabel).map(([l, v]) => `  ${l.padEnd(16)} F1 ${pct(v.f1)} (${v.agreed} agreed of ${v.a}/${v.b})`),
  ];
}

/**
 * What a reviewed record keeps in `meta.review`: the reviewer, every source version (name, answer,
 * spans), and which versions the decision equals (`same_as`: empty when the reviewer edited).
 */
export function reviewRecordMeta(task: Task, answer: Example['answer'], spans: readonly Span[], reviewer: string): Record<string, unknown> {
  const final = spans.map(spanKey).sort().join('|');
  const versions = task.versions ?? [];
  return {
    reviewer,
    versions: versions.map((v) => ({ name: v.name, answer: v.answer, spans: v.spans.map((s) => ({ start: s.start, end: s.end, label: s.label })) })),
    same_as: versions.filter((v) => v.answer === answer && (answer !== 'accept' || v.spans.map(spanKey).sort().join('|') === final)).map((v) => v.name),
  };
}
