import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readCorpus, type Example } from '@nerflow/corpus';
import { SqliteStore } from '@nerflow/store'; // importing the store registers the db: reader, as the CLI does
import { runEval } from './run.js';

// Issue 15: eval reads gold and predictions with the corpus reader every stage uses (it could not read db: or -).
const ANCORA = join(import.meta.dirname, '../../corpus/src/__fixtures__/ancora-es/dev-every10th.tsv');
const dir = mkdtempSync(join(tmpdir(), 'nerflow-eval-src-'));
afterEach(() => { vi.unstubAllEnvs(); });

describe('eval scores JSONL, CoNLL and db: sources alike', () => {
  it('gold as CoNLL; predictions without the PER entities as JSONL and from the database: the same scores', async () => {
    const gold = (await readCorpus(ANCORA)).map((x) => x.example);
    const noPer: Example[] = gold.map((e) => ({ ...e, spans: e.spans!.filter((s) => s.label !== 'PER') }));
    const predJsonl = join(dir, 'pred.jsonl');
    writeFileSync(predJsonl, noPer.map((e) => JSON.stringify(e)).join('\n') + '\n');
    const db = join(dir, 'eval.db');
    const store = new SqliteStore(db);
    await store.add('pred', noPer);
    await store.close();

    const fromFile = await runEval({ gold: ANCORA, pred: predJsonl, bootstrap: 0 });
    // 612 gold entities, 171 of them PER: every other one found, nothing spurious.
    expect(fromFile.json.micro).toMatchObject({ tp: 441, fp: 0, fn: 171 });
    expect(fromFile.json.perLabel.PER).toMatchObject({ tp: 0, fn: 171, r: 0 });
    expect(fromFile.json.perLabel.ORG).toMatchObject({ tp: 156, fp: 0, fn: 0 });

    vi.stubEnv('NERFLOW_DB', db); // eval has no --db: db: reads NERFLOW_DB
    const fromDb = await runEval({ gold: ANCORA, pred: 'db:pred', bootstrap: 0 });
    expect(fromDb.json.micro).toEqual(fromFile.json.micro);
    expect(fromDb.json.perLabel).toEqual(fromFile.json.perLabel);

    const goldJsonl = join(dir, 'gold.jsonl');
    writeFileSync(goldJsonl, gold.map((e) => JSON.stringify(e)).join('\n') + '\n');
    const jsonlGold = await runEval({ gold: goldJsonl, pred: ANCORA, bootstrap: 0 });
    expect(jsonlGold.json.micro).toMatchObject({ tp: 612, fp: 0, fn: 0 });
  });

  it('an unknown db: dataset names the spec and lists what the database has', async () => {
    const db = join(dir, 'vacia.db');
    const store = new SqliteStore(db);
    await store.add('gold_marketing', [{ text: 'Hola.', answer: 'accept' }]);
    await store.close();
    vi.stubEnv('NERFLOW_DB', db);
    await expect(runEval({ gold: 'db:gold_marketin', pred: ANCORA, bootstrap: 0 }))
      .rejects.toMatchObject({ code: 'E_STORE_NO_DATASET', file: 'db:gold_marketin', hint: expect.stringContaining('gold_marketing') });
  });

  it('a bad prediction line stops with its file and line', async () => {
    const bad = join(dir, 'rota.jsonl');
    writeFileSync(bad, '{"text": "Bien."}\n{"text": \n');
    await expect(runEval({ gold: ANCORA, pred: bad, bootstrap: 0 })).rejects.toMatchObject({ code: 'E_CORPUS_BAD_JSON', file: bad, line: 2 });
  });
});
