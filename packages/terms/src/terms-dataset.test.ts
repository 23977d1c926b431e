import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openStore } from '@nerflow/store';
import { TeachSession } from './teach-session.js';
import { TermsDataset, acceptedTerms } from './terms-dataset.js';
import { termsToPatterns } from './to-patterns.js';
import { clusterStore, clusterOf } from './__fixtures__/clusters.js';

describe('TermsDataset (SQLite store)', () => {
  const vectors = clusterStore();
  const display = { 'visual_basic': 'Visual Basic', 'c++': 'C++' };

  it('stores decisions as corpus records, undoes, and resumes after reopening the database', async () => {
    const db = path.join(mkdtempSync(path.join(tmpdir(), 'nerflow-terms-db-')), 'nerflow.db');
    let store = openStore({ db });
    let ds = new TermsDataset(store, 'terminos', 'LENGUAJE', display);
    await ds.open();
    const s1 = new TeachSession(vectors, { seeds: ['python', 'java'], previous: await ds.load() });
    expect(s1.decisions).toEqual([]); // seeds are asked like any term, stored when answered
    for (let i = 0; i < 7; i++) await ds.save(s1.answer(clusterOf(s1.current()!.term) === 'lenguaje' ? 'accept' : 'reject'));
    const undone = s1.undo()!;
    await ds.remove(undone);
    await store.close();

    store = openStore({ db });
    ds = new TermsDataset(store, 'terminos', 'LENGUAJE', display);
    const stored = await ds.load();
    expect(stored).toHaveLength(2 + 4);
    expect(stored.map((d) => d.term)).not.toContain(undone.term);
    const records = [];
    for await (const ex of store.examples('terminos')) records.push(ex);
    expect(records[0]).toMatchObject({ text: 'python', label: 'LENGUAJE', answer: 'accept', meta: { term: 'python', seed: true, source: 'terms.teach' } });
    expect(typeof records[0]!._task_hash).toBe('number');

    const s2 = new TeachSession(vectors, { seeds: ['python', 'java'], previous: stored });
    expect(s2.current()!.term).toBe(undone.term); // the undone term comes back first
    expect(stored.some((d) => d.term === s2.current()!.term)).toBe(false);

    const accepted = await acceptedTerms(store, 'terminos', 'LENGUAJE');
    expect(accepted.slice(0, 2)).toEqual(['python', 'java']);
    expect(accepted.every((t) => clusterOf(t.toLowerCase().replace(/ /g, '_')) === 'lenguaje')).toBe(true);
    const lines = termsToPatterns(accepted, { label: 'LENGUAJE' }).map((p) => JSON.stringify(p));
    expect(lines[0]).toBe('{"label":"LENGUAJE","pattern":[{"lower":"python"}]}');
    await store.close();
  });

  it('names the datasets there are when asked for an unknown one', async () => {
    const store = openStore({ db: ':memory:' });
    await store.ensureDataset('lenguajes');
    await expect(acceptedTerms(store, 'lenguaje', 'LENGUAJE')).rejects.toMatchObject({
      code: 'E_TERMS_UNKNOWN_DATASET', hint: 'Available: lenguajes.',
    });
    await store.close();
  });
});
