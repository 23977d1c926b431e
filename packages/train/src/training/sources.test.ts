import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCorpus, writeConll, type Example } from '@nerflow/corpus';
import { SqliteStore } from '@nerflow/store';
import { trainModel } from './trainModel.js';

// Issue 15: train reads --train/--dev with the corpus reader every stage uses, and db: from --db.
const ANCORA = path.join(import.meta.dirname, '../../../corpus/src/__fixtures__/ancora-es/dev-every10th.tsv');
const FAST = { width: 32, depth: 1, maxEpochs: 1, batchWords: 400, warmupSteps: 0, learnRate: 0.01, seed: 5 };

describe('train reads JSONL, CoNLL and db: sources alike', () => {
  let dir: string;
  let examples: Example[];
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'nerflow-train-src-'));
    examples = (await readCorpus(ANCORA, { labelMap: { DATE: 'O', NUM: 'O' } })).slice(0, 60).map((x) => x.example);
  });
  afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

  it('the same sentences as CoNLL, JSONL and a stored dataset train the same model', async () => {
    const conll = path.join(dir, 'train.conll');
    await writeConll(conll, examples.slice(0, 45));
    const devConll = path.join(dir, 'dev.conll');
    await writeConll(devConll, examples.slice(45));
    const jsonl = path.join(dir, 'train.jsonl');
    await writeFile(jsonl, examples.slice(0, 45).map((e) => JSON.stringify(e)).join('\n') + '\n');
    const db = path.join(dir, 'train.db');
    const store = new SqliteStore(db);
    await store.add('gold', examples.slice(0, 45));
    await store.add('gold_dev', examples.slice(45));
    await store.close();

    const a = await trainModel({ train: conll, dev: devConll, out: path.join(dir, 'm-conll'), ...FAST });
    const b = await trainModel({ train: jsonl, dev: devConll, out: path.join(dir, 'm-jsonl'), ...FAST });
    const c = await trainModel({ train: 'db:gold', dev: 'db:gold_dev', db, out: path.join(dir, 'm-db'), ...FAST });
    expect(a.trainDocs).toBe(45);
    expect(a.labels).toEqual(['LOC', 'MISC', 'ORG', 'PER']);
    for (const s of [b, c]) {
      expect(s.trainDocs).toBe(a.trainDocs);
      expect(s.labels).toEqual(a.labels);
      expect(s.dev!.micro).toEqual(a.dev!.micro); // same data, same seed: the same weights
    }
    // meta.json keeps the dev scores with the field names eval's results.json uses.
    const meta = JSON.parse(await readFile(path.join(dir, 'm-db', 'meta.json'), 'utf8')) as { dev?: { micro: unknown; perLabel: Record<string, unknown> } };
    expect(meta.dev).toEqual({ micro: c.dev!.micro, perLabel: c.dev!.perLabel });
    expect(Object.keys(meta.dev!.perLabel)).toEqual(Object.keys(meta.dev!.perLabel).sort());
  }, 120_000);

  it('db: without --db reads another database than the one named: an unknown dataset names the spec', async () => {
    const db = path.join(dir, 'otra.db');
    const store = new SqliteStore(db);
    await store.add('gold', examples.slice(0, 2));
    await store.close();
    await expect(trainModel({ train: 'db:goldd', db, out: path.join(dir, 'x'), ...FAST }))
      .rejects.toMatchObject({ code: 'E_STORE_NO_DATASET', file: 'db:goldd', hint: expect.stringContaining('gold') });
  });

  it('a bad training line stops with its file and line', async () => {
    const bad = path.join(dir, 'rota.jsonl');
    await writeFile(bad, `${JSON.stringify(examples[0])}\n{"text": 3}\n`);
    await expect(trainModel({ train: bad, out: path.join(dir, 'y'), ...FAST })).rejects.toMatchObject({ code: 'E_CORPUS_SCHEMA', file: bad, line: 2 });
  });
});
