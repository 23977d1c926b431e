import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PatternMatcher, parsePattern, tokenize, type Example } from '@nerflow/corpus';
import { SqliteStore } from '@nerflow/store';
import { resolveRefs } from '@nerflow/core';
import { Annotator } from './annotator.js';
import { DictionaryTagger } from './__fixtures__/dictionary-tagger.js';
import { PATTERNS, SENTENCES } from './__fixtures__/sentences.js';

const examples: Example[] = SENTENCES.map((text) => ({ text }));
const LABELS = ['PLATAFORMA', 'METRICA'];
const tagger = () => new DictionaryTagger(new Map([
  ['hubspot', { label: 'PLATAFORMA', score: 0.9 }],
  ['semrush', { label: 'PLATAFORMA', score: 0.55 }],
  ['tiktok', { label: 'PLATAFORMA', score: 0.7 }],
  ['linkedin', { label: 'PLATAFORMA', score: 0.45 }],
  ['mailchimp', { label: 'PLATAFORMA', score: 0.2 }],
  ['roas', { label: 'METRICA', score: 0.6 }],
  ['madrid', { label: 'LUGAR', score: 0.99 }], // not a dataset label: never suggested
]));

let store: SqliteStore;
beforeEach(() => { store = new SqliteStore(':memory:'); });
afterEach(() => store.close());

describe('Annotator modes', () => {
  it('correct: model predictions are pre-filled with source and score, limited to the labels', async () => {
    const a = await Annotator.create({ store, dataset: 'd', examples, labels: LABELS, mode: 'correct', predictor: tagger() });
    const tasks = await a.tasks('', 12);
    const t3 = tasks.find((t) => t.text === SENTENCES[3])!;
    expect(t3.spans).toEqual([expect.objectContaining({ label: 'PLATAFORMA', source: 'model', score: 0.9, token_start: 1, token_end: 1 })]);
    expect(tasks.flatMap((t) => t.spans).some((s) => s.label === 'LUGAR')).toBe(false);
    expect(tasks.every((t) => t._view_id === 'ner_manual')).toBe(true);
  });

  it('teach: one span per task, the most uncertain first, patterns included', async () => {
    const matcher = new PatternMatcher(PATTERNS.map((p) => parsePattern(p)), { tokenize, phraseAttr: 'lower' });
    const a = await Annotator.create({ store, dataset: 'd', examples, labels: LABELS, mode: 'teach', predictor: tagger(), matcher });
    const tasks = await a.tasks('', 50);
    expect(tasks.every((t) => t._view_id === 'ner' && t.spans.length === 1)).toBe(true);
    const model = tasks.filter((t) => t.spans[0]!.source === 'model').map((t) => t.spans[0]!.score!);
    const certainty = model.map((s) => Math.abs(s - 0.5));
    expect(certainty).toEqual([...certainty].sort((x, y) => x - y));
    expect(model.slice(0, 2).sort()).toEqual([0.45, 0.55]); // LinkedIn and Semrush are the coin tosses
    expect(tasks.some((t) => t.spans[0]!.source === 'pattern' && t.text.startsWith('Google Ads'))).toBe(true);
    // HubSpot is both a pattern and a model prediction: asked once, with the model's score.
    expect(tasks.filter((t) => t.text === SENTENCES[3] && t.spans[0]!.label === 'PLATAFORMA')).toHaveLength(1);
  });

  it('teach: the model is updated every N answers and later suggestions use the new scores', async () => {
    const model = tagger();
    const big = Array.from({ length: 40 }, (_, i) => ({ text: `${SENTENCES[i % SENTENCES.length]} (${i})` }));
    const a = await Annotator.create({ store, dataset: 'd', examples: big, labels: LABELS, mode: 'teach', predictor: model, updateEvery: 2 });
    const first = await a.tasks('', 2);
    const mailchimpBefore = model.entries.get('mailchimp')!.score;
    await a.answer('', first.map((t) => ({ _task_hash: t._task_hash, answer: 'reject' as const })));
    await a.idle();
    expect(model.updates).toHaveLength(1);
    expect(model.updates[0]!.every((e) => e._partial === true && e.answer === 'reject')).toBe(true);
    expect((await a.progress('')).model).toMatchObject({ updates: 1 });
    const stored: Example[] = [];
    for await (const e of store.examples('d')) stored.push(e);
    expect(stored.every((e) => e._view_id === 'ner' && e.spans!.length === 1)).toBe(true);
    // Rejecting lowered the answered words' scores; unanswered ones are unchanged.
    const answeredWords = first.map((t) => t.text.slice(t.spans[0]!.start, t.spans[0]!.end).toLowerCase());
    for (const w of answeredWords) expect(model.entries.get(w)!.score).toBeLessThan(tagger().entries.get(w)!.score);
    if (!answeredWords.includes('mailchimp')) expect(model.entries.get('mailchimp')!.score).toBe(mailchimpBefore);
  });

  it('correct: the next window is predicted while the current one is answered', async () => {
    const model = tagger();
    const calls: number[] = [];
    const predict = model.predict.bind(model);
    model.predict = async (exs) => { calls.push(exs.length); return predict(exs); };
    const big = Array.from({ length: 40 }, (_, i) => ({ text: `${SENTENCES[i % SENTENCES.length]} (${i})` }));
    const a = await Annotator.create({ store, dataset: 'd', examples: big, labels: LABELS, mode: 'correct', predictor: model });
    await a.tasks('', 1);
    expect(calls).toEqual([16, 16]);
    await a.tasks('', 20);
    expect(calls).toEqual([16, 16, 8]);
    expect((await a.tasks('', 40)).length).toBe(40);
  });

  it('teach answers keep the asked span whatever the client sends', async () => {
    const a = await Annotator.create({ store, dataset: 'd', examples, labels: LABELS, mode: 'teach', predictor: tagger() });
    const [t] = await a.tasks('ana', 1); // the session that answers (leases are bound to their session)
    await a.answer('ana', [{ _task_hash: t!._task_hash, answer: 'accept', spans: [{ token_start: 0, token_end: 0, label: 'METRICA' }] }]);
    const saved = await store.getExample('d', t!._task_hash, 'ana');
    expect(saved!.spans).toEqual(t!.spans);
  });

  it('refuses to start without labels, without a model for correct/teach, or on an empty source', async () => {
    await expect(Annotator.create({ store, dataset: 'd', examples, labels: [] })).rejects.toMatchObject({ code: 'E_ANNOTATE_NO_LABELS' });
    await expect(Annotator.create({ store, dataset: 'd', examples, labels: LABELS, mode: 'correct' })).rejects.toMatchObject({ code: 'E_ANNOTATE_NO_MODEL' });
    await expect(Annotator.create({ store, dataset: 'd', examples: [], labels: LABELS })).rejects.toMatchObject({ code: 'E_ANNOTATE_EMPTY_SOURCE' });
  });

  it('two sessions asking at the same moment never get the same task', async () => {
    const a = await Annotator.create({ store, dataset: 'd', examples, labels: LABELS });
    const [x, y] = await Promise.all([a.tasks('ana', 5), a.tasks('luis', 5)]);
    const hashes = [...x!, ...y!].map((t) => t._task_hash);
    expect(new Set(hashes).size).toBe(10);
  });
});

describe('annotateStage', () => {
  it('runs as an interactive pipeline step until aborted, then reports what was stored', async () => {
    const { mkdtempSync, writeFileSync, mkdirSync, rmSync } = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const { annotateStage, annotate } = await import('./annotate.js');
    const { recordingContext } = await import('@nerflow/core');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nerflow-stage-'));
    try {
      const source = path.join(dir, 'src.jsonl');
      writeFileSync(source, SENTENCES.map((text) => JSON.stringify({ text })).join('\n'));
      const options = annotateStage.options.parse({ dataset: 'mkt', source, labels: ['PLATAFORMA'], port: 0, db: path.join(dir, 's.db') });
      expect(annotateStage.interactive).toBe(true);
      expect(annotateStage.inputs(options)).toEqual([source]);
      // A shipped model by name is an input at its folder (the runner resolves it), so the pipeline fingerprints it.
      expect(annotateStage.inputs(resolveRefs(annotateStage.options, { ...options, model: 'es-base' }, dir))[1]).toMatch(/model-es-base[/\\]model$/);
      mkdirSync(path.join(dir, 'ui'));
      writeFileSync(path.join(dir, 'ui', 'index.html'), '<!doctype html>');
      const abort = new AbortController();
      const h = await annotate(options, { ...recordingContext(), signal: abort.signal }, { uiDir: path.join(dir, 'ui') });
      const [t] = ((await (await fetch(`${h.url}api/tasks?n=1`)).json()) as { tasks: { _task_hash: number }[] }).tasks;
      await fetch(`${h.url}api/answers`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ answers: [{ _task_hash: t._task_hash, answer: 'accept', spans: [{ token_start: 0, token_end: 1, label: 'PLATAFORMA' }] }] }) });
      abort.abort();
      await h.closed;
      expect(h.annotator.summary()).toEqual({ answers: 1, datasetCount: 1, modelUpdates: 0 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
