/**
 * Teach decisions as corpus records in the dataset store (@nerflow/store), one record per answered
 * term, Prodigy terms.teach style: `{"text": "Visual Basic", "label": "LENGUAJE", "answer": "accept",
 * "meta": {"term": "visual_basic", "score": 0.83, "source": "terms.teach"}}`. `text` is the readable
 * form (what to-patterns tokenizes), `meta.term` the vocabulary key (what resume looks up).
 */
import { readJsonl, withHashes, type Example } from '@nerflow/corpus';
import type { Store } from '@nerflow/store';
import type { TermDecision } from './teach-session.js';
import { termDisplay, termKey } from './term-key.js';
import { termsError, TermsErrors } from './errors.js';

/** The record stored for one decision. */
export function decisionToExample(d: TermDecision, label: string, display?: Record<string, string>): Example {
  return withHashes({
    text: d.display ?? termDisplay(d.term, display),
    label,
    answer: d.answer,
    meta: {
      term: d.term, score: Math.round(d.score * 10_000) / 10_000, source: 'terms.teach',
      ...(d.seed ? { seed: true } : {}), ...(d.variantOf ? { variant_of: d.variantOf } : {}),
    },
  });
}

/** The decision a stored record stands for. */
export function exampleToDecision(ex: Example): TermDecision {
  const meta = (ex.meta ?? {}) as { term?: unknown; score?: unknown; seed?: unknown; variant_of?: unknown };
  return {
    term: typeof meta.term === 'string' ? meta.term : termKey(ex.text),
    answer: ex.answer ?? 'accept',
    score: typeof meta.score === 'number' ? meta.score : 1,
    ...(meta.seed === true ? { seed: true } : {}),
    ...(typeof meta.variant_of === 'string' ? { variantOf: meta.variant_of } : {}),
    display: ex.text,
  };
}

/** One label's terms in one dataset of a store: what the teach loop saves, undoes and resumes from. */
export class TermsDataset {
  constructor(
    private readonly store: Store,
    readonly dataset: string,
    readonly label: string,
    private readonly display?: Record<string, string>,
    readonly session = '',
  ) {}

  /** Creates the dataset if needed (recording that it holds terms). */
  async open(): Promise<void> {
    await this.store.ensureDataset(this.dataset, { kind: 'terms' });
  }

  /** Stored decisions for this label and session, oldest first. */
  async load(): Promise<TermDecision[]> {
    const out: TermDecision[] = [];
    for await (const ex of this.store.examples(this.dataset, { session: this.session })) {
      if (ex.label === this.label) out.push(exampleToDecision(ex));
    }
    return out;
  }

  async save(d: TermDecision): Promise<void> {
    await this.store.add(this.dataset, [decisionToExample(d, this.label, this.display)], { session: this.session, onConflict: 'replace' });
  }

  async remove(d: TermDecision): Promise<void> {
    const ex = decisionToExample(d, this.label, this.display);
    await this.store.remove(this.dataset, ex._task_hash!, this.session);
  }
}

/**
 * The accepted terms of a label (all sessions), in the order they were accepted; readable forms.
 * @throws NerError E_TERMS_UNKNOWN_DATASET listing the datasets there are.
 */
export async function acceptedTerms(store: Store, dataset: string, label?: string): Promise<string[]> {
  return acceptedTexts(await checkedExamples(store, dataset), label);
}

async function checkedExamples(store: Store, dataset: string): Promise<AsyncIterable<Example>> {
  if (!(await store.getDataset(dataset))) {
    const names = (await store.datasets()).map((d) => d.name);
    throw termsError(TermsErrors.UNKNOWN_DATASET, `No dataset named "${dataset}" in ${store.location}.`, {
      hint: names.length ? `Available: ${names.join(', ')}.` : 'The database has no datasets: run `nerflow terms teach ... --dataset NAME` first, or pass --db.',
    });
  }
  return store.examples(dataset, { answer: 'accept' });
}

/** True when `dataset` names an exported dataset file (`nerflow db export`) rather than a database dataset. */
export function isDatasetFile(dataset: string): boolean {
  return /\.jsonl(\.gz)?$/.test(dataset);
}

/**
 * The accepted terms of an exported dataset file (`nerflow db export D terms.jsonl`): what a
 * pipeline commits and hashes, where a live database would change under it.
 */
export async function acceptedTermsFromFile(file: string, label?: string): Promise<string[]> {
  return acceptedTexts(readJsonl<Example>(file), label);
}

async function acceptedTexts(examples: AsyncIterable<Example>, label?: string): Promise<string[]> {
  const seen = new Set<string>();
  const out: string[] = [];
  for await (const ex of examples) {
    if (ex.answer !== 'accept') continue;
    if (label !== undefined && ex.label !== undefined && ex.label !== label) continue;
    if (!seen.has(ex.text)) {
      seen.add(ex.text);
      out.push(ex.text);
    }
  }
  return out;
}
