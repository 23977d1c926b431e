import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Example, Span } from '@nerflow/corpus';
import { SqliteStore } from '@nerflow/store';
import { Annotator } from './annotator.js';
import { planReview } from './review-tasks.js';
import { SENTENCES } from './__fixtures__/sentences.js';

/** A complete answer with spans given as [start, end, label] character offsets. */
const answer = (text: string, spans: [number, number, string][], session = '', ans: Example['answer'] = 'accept'): Example => ({
  text, answer: ans, _view_id: 'ner_manual', _session_id: session || undefined,
  spans: spans.map(([start, end, label]) => ({ start, end, label }) as Span),
});

let store: SqliteStore;
beforeEach(async () => {
  store = new SqliteStore(':memory:');
  // SENTENCES[0] = 'Google Ads mejoró el CTR un 12% en el tercer trimestre.'
  await store.ensureDataset('ana_q3', { labels: ['PLATAFORMA', 'METRICA'] });
  await store.add('ana_q3', [
    answer(SENTENCES[0]!, [[0, 10, 'PLATAFORMA'], [21, 24, 'METRICA']]),
    answer(SENTENCES[1]!, [[15, 23, 'PLATAFORMA']]),
    answer(SENTENCES[2]!, []), // only ana: not reviewed
  ]);
  await store.add('luis_q3', [
    answer(SENTENCES[0]!, [[0, 10, 'PLATAFORMA']]),
    answer(SENTENCES[1]!, [[15, 23, 'PLATAFORMA']]),
  ]);
});
afterEach(() => store.close());

describe('review', () => {
  it('one task per text with several versions; differing spans marked; agreement per label', async () => {
    const plan = await planReview(store, ['ana_q3', 'luis_q3']);
    expect(plan.tasks.map((t) => t.text)).toEqual([SENTENCES[0], SENTENCES[1]]);
    const [t0, t1] = plan.tasks;
    expect(t0!.versions!.map((v) => [v.name, v.spans.map((s) => s.label), v.differs])).toEqual([
      ['ana_q3', ['PLATAFORMA', 'METRICA'], [1]], // CTR: luis did not mark it
      ['luis_q3', ['PLATAFORMA'], []],
    ]);
    expect(t1!.versions!.every((v) => v.differs.length === 0)).toBe(true);
    // PLATAFORMA: 2 agreed of 2/2; METRICA: 0 of 1/0.
    expect(plan.info.agreement.perLabel).toEqual({
      PLATAFORMA: { f1: 1, agreed: 2, a: 2, b: 2 },
      METRICA: { f1: 0, agreed: 0, a: 1, b: 0 },
    });
    expect(plan.info.agreement.f1).toBeCloseTo(0.8, 5); // 2*2 / (3+2)
    expect(plan.labels.sort()).toEqual(['METRICA', 'PLATAFORMA']);
  });

  it('one dataset: its sessions are the versions', async () => {
    await store.add('equipo', [answer(SENTENCES[3]!, [[7, 14, 'PLATAFORMA']], 'ana'), answer(SENTENCES[3]!, [], 'luis'), answer(SENTENCES[4]!, [], 'ana')]);
    const plan = await planReview(store, ['equipo']);
    expect(plan.tasks).toHaveLength(1);
    expect(plan.tasks[0]!.versions!.map((v) => v.name)).toEqual(['ana', 'luis']);
  });

  it('the reviewer\'s decision is stored with the reviewer and the source versions in meta', async () => {
    const plan = await planReview(store, ['ana_q3', 'luis_q3']);
    const a = await Annotator.create({ store, dataset: 'revisado', labels: plan.labels, mode: 'review', review: plan });
    const [t0, t1] = await a.tasks('marta', 2);
    expect(t0!._view_id).toBe('review');
    // Takes ana's version as it is (both spans), then rejects the second text.
    await a.answer('marta', [{ _task_hash: t0!._task_hash, answer: 'accept', spans: t0!.versions![0]!.spans.map((s) => ({ token_start: s.token_start, token_end: s.token_end, label: s.label })) }]);
    await a.answer('marta', [{ _task_hash: t1!._task_hash, answer: 'reject' }]);
    const rows: Example[] = [];
    for await (const e of store.examples('revisado')) rows.push(e);
    expect(rows.map((r) => [r.answer, r.spans!.map((s) => s.label), (r.meta!.review as { same_as: string[] }).same_as])).toEqual([
      ['accept', ['PLATAFORMA', 'METRICA'], ['ana_q3']],
      ['reject', [], []],
    ]);
    expect(rows[0]!.meta!.review).toMatchObject({ reviewer: 'marta', versions: [{ name: 'ana_q3', answer: 'accept' }, { name: 'luis_q3', spans: [{ start: 0, end: 10, label: 'PLATAFORMA' }] }] });
    expect((await a.progress('marta')).remaining).toBe(0);
  });

  it('refuses an unknown --from dataset, naming the ones there are', async () => {
    await expect(planReview(store, ['ana_q3', 'pedro'])).rejects.toMatchObject({ code: 'E_ANNOTATE_BAD_OPTIONS', hint: expect.stringContaining('luis_q3') });
  });
});
