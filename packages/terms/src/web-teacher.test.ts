import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { quietContext } from '@nerflow/core';
import { SqliteStore } from '@nerflow/store';
import { runTeach } from './teach.js';
import { terminalFrontEnd } from './terminal-ui.js';
import { acceptedTerms, decisionToExample } from './terms-dataset.js';
import { openTermTeacher } from './web-teacher.js';
import { clusterOf, clusterStore } from './__fixtures__/clusters.js';

describe('openTermTeacher (the web app\'s teach loop)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'nerflow-webteach-'));
  const vectors = path.join(dir, 'v.nfv');
  clusterStore().save(vectors);

  it('resumes what the terminal loop stored in the same dataset and session, and stores the same records', async () => {
    const store = new SqliteStore(path.join(dir, 'w.db'));
    const input = new PassThrough();
    const ui = terminalFrontEnd(input, new PassThrough());
    input.end('aaaax'); // the two seeds, two accepts and a reject in the terminal, then the input ends
    await runTeach({ vectors, seeds: ['python', 'java'], label: 'LENGUAJE', dataset: 'lenguajes', session: 'ana' }, ui, quietContext(), store);
    ui.close();

    const t = await openTermTeacher({ vectors, seeds: [], label: 'LENGUAJE', dataset: 'lenguajes', session: 'ana', store });
    expect(t.decisions().map((d) => d.answer)).toEqual(['accept', 'accept', 'accept', 'accept', 'reject']); // 2 seeds + 3 answers, all asked
    const answered = new Set(t.decisions().map((d) => d.term));
    const next = t.current()!;
    expect(answered.has(next.term)).toBe(false);
    // The key is the stored record's task hash: what the page sends back and undo deletes.
    expect(next.key).toBe(decisionToExample({ term: next.term, score: next.score, answer: 'accept' }, 'LENGUAJE')._task_hash);
    const d = await t.answer(clusterOf(next.term) === 'lenguaje' ? 'accept' : 'reject');
    expect(d).toMatchObject({ term: next.term, display: next.display });
    expect((await store.stats('lenguajes')).examples).toBe(6);
    expect(await t.undo()).toMatchObject({ term: next.term });
    expect((await store.stats('lenguajes')).examples).toBe(5);
    expect(t.current()!.term).toBe(next.term);
    expect((await acceptedTerms(store, 'lenguajes', 'LENGUAJE')).slice(0, 2)).toEqual(['python', 'java']);
    await store.close();
  });

  it('a seed outside the vectors is refused with the terms error, as in the terminal', async () => {
    const store = new SqliteStore(':memory:');
    await expect(openTermTeacher({ vectors, seeds: ['zzzz'], label: 'X', dataset: 'd', session: '', store })).rejects.toMatchObject({ code: 'E_TERMS_OOV' });
    await store.close();
  });
});
