import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresStore } from './postgres-store.js';
import { PG_SKIP_REASON, pgTestSchema } from './pg-test-db.js';

if (PG_SKIP_REASON) console.warn(`[postgres-leases] skipped: ${PG_SKIP_REASON}`);
const pgDescribe = PG_SKIP_REASON ? describe.skip : describe;

/** Buffer pages the statement that `run` sends touched (EXPLAIN ANALYZE, its top node; the statement runs). */
async function pagesRead(store: PostgresStore, run: () => Promise<unknown>): Promise<number> {
  let pages = -1;
  const query = store.query.bind(store);
  // The leases object sends its statements through store.query: wrap that one call in EXPLAIN.
  (store as unknown as { query: typeof query }).query = async (sql, params) => {
    const r = await query<{ 'QUERY PLAN': [{ Plan: { 'Shared Hit Blocks': number; 'Shared Read Blocks': number } }] }>(
      `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`, params);
    const plan = r.rows[0]!['QUERY PLAN'][0].Plan;
    pages = plan['Shared Hit Blocks'] + plan['Shared Read Blocks'];
    if (process.env.SHOWPLAN) console.log(JSON.stringify(r.rows[0]!['QUERY PLAN'][0].Plan, (k, v) => (['Plans', 'Node Type', 'Shared Hit Blocks', 'Index Name', 'Actual Rows', 'Relation Name', 'Subplan Name'].includes(k) || /^\d+$/.test(k) || k === '' ? v : undefined), 1));
    return { ...r, rows: [] } as never;
  };
  try { await run(); } finally { (store as unknown as { query: typeof query }).query = query; }
  return pages;
}

// Issue 20: on a dataset without statistics (every new one) PostgreSQL planned these statements as
// walks over every lease or every answer of the dataset. 3,000 answered tasks here: a statement that
// reads more than a few dozen pages scales with the dataset.
pgDescribe('postgres-leases on a fresh dataset of 3,000 answers', () => {
  const db = PG_SKIP_REASON ? undefined : pgTestSchema('nerflow_leases');
  const store = db ? new PostgresStore(db.url, { poolSize: 1 }) : undefined!;
  const task = (i: number) => ({ hash: 100_000 + i, task: { text: `Informe ${i}: Google Ads mejoró el CTR en Madrid.`, _task_hash: 100_000 + i } });
  beforeAll(async () => {
    await store.ensureDataset('grande');
    const all = Array.from({ length: 3000 }, (_, i) => task(i));
    // A team of 30: each session claimed and answered 100 tasks.
    for (let k = 0; k < all.length; k += 100) {
      const part = all.slice(k, k + 100);
      const session = `anotador${k / 100}`;
      await store.leases.claim('grande', '', session, part, 60_000);
      await store.add('grande', part.map((t) => ({ text: t.task.text, _task_hash: t.hash, _input_hash: t.hash, answer: 'accept' as const })), { session });
    }
  }, 60_000);
  afterAll(async () => { await store?.close(); await db?.drop(); });

  it('renews and claims for a session reading a handful of pages, not the queue', async () => {
    await store.leases.renewAndClaim('grande', '', 'anotador7', 1, 60_000, []);
    const pages = await pagesRead(store, () => store.leases.renewAndClaim('grande', '', 'anotador7', 1, 60_000, [task(5000)]));
    expect(pages).toBeGreaterThan(0);
    expect(pages).toBeLessThan(60);
  });

  it('checks 64 candidates reading pages for those candidates only', async () => {
    const hashes = Array.from({ length: 64 }, (_, i) => task(2900 + i).hash);
    const pages = await pagesRead(store, () => store.leases.available('grande', '', 'luis', hashes));
    expect(pages).toBeGreaterThan(0);
    expect(pages).toBeLessThan(400); // ~2 index probes per candidate and table
  });

  it('still answers right: the answered candidates are not available, the new one is', async () => {
    const free = await store.leases.available('grande', '', 'luis', [task(10).hash, task(2999).hash, task(7000).hash]);
    expect([...free]).toEqual([task(7000).hash]);
    const won = await store.leases.renewAndClaim('grande', '', 'luis', 2, 60_000, [task(11), task(7001)]);
    expect(won).toEqual({ renewed: [], claimed: new Set([task(7001).hash]) });
  });
});
