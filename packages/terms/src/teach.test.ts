import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { openStore } from '@nerflow/store';
import { quietContext } from '@nerflow/core';
import { runTeach } from './teach.js';
import { terminalFrontEnd } from './terminal-ui.js';
import { acceptedTerms } from './terms-dataset.js';
import { clusterStore, clusterOf } from './__fixtures__/clusters.js';

function terminal(keys: string) {
  const input = new PassThrough();
  const output = new PassThrough();
  let text = '';
  output.on('data', (c: Buffer) => (text += c.toString()));
  input.end(keys);
  return { ui: terminalFrontEnd(input, output), text: () => text };
}

describe('runTeach with the terminal front end', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'nerflow-teach-'));
  const vectors = path.join(dir, 'v.nfv');
  clusterStore().save(vectors);
  const db = path.join(dir, 'nerflow.db');
  const opts = { vectors, seeds: ['python', 'java'], label: 'LENGUAJE', dataset: 'lenguajes', db };

  it('takes single keys, stores answers, undoes, and quits on q or end of input', async () => {
    const t = terminal('aaaaxuai'); // the two seeds are asked first // input ends after these keys: that quits and saves
    const r = await runTeach(opts, t.ui, quietContext());
    t.ui.close();
    expect(r).toMatchObject({ answered: 6, resumed: 0, accept: 5, reject: 0, ignore: 1, exhausted: false });
    const lines = t.text().split('\n');
    expect(lines[0]).toMatch(/^keys: a = accept/);
    expect(lines.filter((l) => / \[a\/x\/i\/u\/q\] (accept|reject|ignore|undo|quit)$/.test(l))).toHaveLength(9);
    expect(t.text()).toMatch(/undo: \S+ \(reject\)/);
    const store = openStore({ db });
    const accepted = await acceptedTerms(store, 'lenguajes', 'LENGUAJE');
    await store.close();
    expect(accepted).toHaveLength(5);
    expect(accepted.every((a) => clusterOf(a) === 'lenguaje')).toBe(true);
  });

  it('resumes the dataset in a second run without showing answered terms', async () => {
    const t = terminal('q');
    const r = await runTeach({ ...opts, seeds: [] }, t.ui, quietContext());
    t.ui.close();
    expect(r.resumed).toBe(6); // 2 seeds + 4 answers
    expect(t.text()).toContain('resumed: 6 earlier answers in "lenguajes"');
    const shown = /\n(\S+)\s+[\d.]+\s+\(\+5 -0 \?1\)/.exec(t.text())![1]!;
    const store = openStore({ db });
    const stored = [];
    for await (const ex of store.examples('lenguajes')) stored.push(ex.text);
    await store.close();
    expect(stored).not.toContain(shown);
  });

  it('stops after --limit answers', async () => {
    const t = terminal('aaxxxxxx');
    const r = await runTeach({ ...opts, dataset: 'otro', limit: 3 }, t.ui, quietContext());
    t.ui.close();
    expect(r.answered).toBe(3);
    expect([r.accept, r.reject]).toEqual([2, 1]);
  });

  it('ends when every seed is rejected: there is nothing to grow the list from', async () => {
    const t = terminal('xxxxxxxx');
    const r = await runTeach({ ...opts, dataset: 'todos-rechazados' }, t.ui, quietContext());
    t.ui.close();
    expect(r).toMatchObject({ answered: 2, reject: 2, exhausted: true, accepted: [] });
  });
});
