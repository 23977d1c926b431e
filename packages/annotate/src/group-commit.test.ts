import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Example } from '@nerflow/corpus';
import { SqliteStore } from '@nerflow/store';
import { GroupCommit } from './group-commit.js';
import { SENTENCES } from './__fixtures__/sentences.js';

let store: SqliteStore;
beforeEach(() => { store = new SqliteStore(':memory:'); });
afterEach(() => store.close());

describe('GroupCommit', () => {
  it('commits answers given in the same turn together and tells each caller its own statuses', async () => {
    const gc = new GroupCommit(store, 'd');
    const rec = (i: number, session: string): Example => ({ text: SENTENCES[i]!, answer: 'accept', _session_id: session });
    const [a, b, c] = await Promise.all([gc.write([rec(0, 'ana')]), gc.write([rec(1, 'ana'), rec(0, 'ana')]), gc.write([rec(0, 'luis')])]);
    expect(a).toEqual(['added']);
    expect(b).toEqual(['added', 'existing']);
    expect(c).toEqual(['added']);
    expect((await store.stats('d')).examples).toBe(3);
  });

  it('a bad record fails only its own request', async () => {
    const gc = new GroupCommit(store, 'd');
    const good = gc.write([{ text: SENTENCES[2]!, answer: 'accept' }]);
    const bad = gc.write([{ text: SENTENCES[3]!, answer: 'accept', _session_id: 'nombre con espacios' }]);
    await expect(bad).rejects.toMatchObject({ code: 'E_STORE_BAD_NAME' });
    expect(await good).toEqual(['added']);
    expect((await store.stats('d')).examples).toBe(1);
  });
});
