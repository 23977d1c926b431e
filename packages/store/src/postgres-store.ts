import { createHash } from 'node:crypto';
import pg from 'pg';
import { NerError, type Example } from '@nerflow/corpus';
import { StoreErrors, checkName, noDataset } from './errors.js';
import { addInBatches } from './example-row.js';
import { mergeDatasets } from './merge.js';
import { migrate } from './postgres-migrations.js';
import { connectionConfig, type PgTarget } from './postgres-url.js';
import { PostgresLeases } from './postgres-leases.js';
import { writeRows } from './postgres-writer.js';
import type {
  AddOptions, AddResult, DatasetStats, DatasetSummary, ExampleQuery, MergeOptions, SessionStats, Store,
} from './types.js';

export interface PostgresStoreOptions {
  /** Connections kept open (default 16): a server's concurrent requests share them. */
  poolSize?: number;
}

interface DatasetRow { id: number; name: string; created: number; meta: Record<string, unknown>; examples: number }
const PAGE = 500;
const DATASET_SQL = `SELECT d.id, d.name, d.created, d.meta,
  (SELECT count(*) FROM examples e WHERE e.dataset_id = d.id) AS examples FROM datasets d`;

/**
 * The team store: one PostgreSQL database (or one schema of it, `?schema=NAME`) shared by any number
 * of annotate servers, db commands and training runs. Connects lazily and applies the schema
 * migrations on first use, so opening stays synchronous like SQLite's. Row locks and unique keys
 * make concurrent writers safe: deduplication is the database's ON CONFLICT, not a read-then-write.
 */
export class PostgresStore implements Store {
  readonly kind = 'postgres';
  /** The URL without its password, for messages. */
  readonly location: string;
  readonly schema: string;
  /** Task leases shared by every server of a dataset (see postgres-leases.ts). */
  readonly leases: PostgresLeases;
  private readonly pool: pg.Pool;
  private ready?: Promise<void>;
  private readonly ids = new Map<string, number>();

  constructor(url: string, options: PostgresStoreOptions = {}) {
    const target: PgTarget = connectionConfig(url);
    this.location = target.display;
    this.schema = target.schema;
    this.pool = new pg.Pool({ ...target.config, max: options.poolSize ?? 16 });
    // An idle connection dropped by the server (restart, network) must not crash the process.
    this.pool.on('error', () => undefined);
    this.leases = new PostgresLeases((sql, params) => this.query(sql, params), (name) => this.idOrThrow(name));
  }

  /** Connects and migrates once; a failure is reported as E_STORE_OPEN_FAILED and retried on the next call. */
  private init(): Promise<void> {
    this.ready ??= (async () => {
      let client: pg.PoolClient | undefined;
      try {
        client = await this.pool.connect();
        await migrate(client, this.schema);
      } catch (cause) {
        this.ready = undefined;
        throw new NerError(StoreErrors.OPEN_FAILED, `Cannot open the PostgreSQL database ${this.location}: ${(cause as Error).message}`, {
          hint: 'Is PostgreSQL running and the URL right (postgresql://USER:PASSWORD@HOST:PORT/DATABASE)? See docs/scale.md for starting one.',
          cause,
        });
      } finally {
        client?.release();
      }
    })();
    return this.ready;
  }

  /** One statement on any pooled connection. */
  async query<R extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<pg.QueryResult<R>> {
    await this.init();
    return this.pool.query<R>({ name: statementName(sql), text: sql, values: params });
  }

  private async row(name: string): Promise<DatasetRow> {
    checkName(name);
    const { rows } = await this.query<DatasetRow>(`${DATASET_SQL} WHERE d.name = $1`, [name]);
    if (!rows[0]) throw noDataset(name, (await this.datasets()).map((d) => d.name), this.location);
    return rows[0];
  }

  /** The dataset's id (cached: the hot path, one answer, must not look it up), creating it when `create`. */
  private async idOf(name: string, create = false): Promise<number | undefined> {
    const cached = this.ids.get(name);
    if (cached !== undefined) return cached;
    checkName(name);
    if (create) {
      await this.query('INSERT INTO datasets (name, created) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [name, Date.now()]);
    }
    const { rows } = await this.query<{ id: number }>('SELECT id FROM datasets WHERE name = $1', [name]);
    const id = rows[0]?.id;
    if (id !== undefined) this.ids.set(name, id);
    return id;
  }

  private async idOrThrow(name: string): Promise<number> {
    return (await this.idOf(name)) ?? (await this.row(name)).id;
  }

  async datasets(): Promise<DatasetSummary[]> {
    const { rows } = await this.query<DatasetRow>(`${DATASET_SQL} ORDER BY d.name COLLATE "C"`);
    return rows.map(summary);
  }

  async getDataset(name: string): Promise<DatasetSummary | undefined> {
    checkName(name);
    const { rows } = await this.query<DatasetRow>(`${DATASET_SQL} WHERE d.name = $1`, [name]);
    return rows[0] && summary(rows[0]);
  }

  async ensureDataset(name: string, meta?: Record<string, unknown>): Promise<DatasetSummary> {
    checkName(name);
    // One statement: two servers starting at once both succeed, and meta updates merge (jsonb ||).
    await this.query(`INSERT INTO datasets (name, created, meta) VALUES ($1, $2, $3::jsonb)
      ON CONFLICT (name) DO ${meta ? 'UPDATE SET meta = datasets.meta || EXCLUDED.meta' : 'NOTHING'}`,
    [name, Date.now(), JSON.stringify(meta ?? {})]);
    return (await this.getDataset(name))!;
  }

  async dropDataset(name: string): Promise<boolean> {
    checkName(name);
    this.ids.delete(name);
    return ((await this.query('DELETE FROM datasets WHERE name = $1', [name])).rowCount ?? 0) > 0;
  }

  async add(dataset: string, examples: Iterable<Example> | AsyncIterable<Example>, options: AddOptions = {}): Promise<AddResult> {
    let id = (await this.idOf(dataset, true))!;
    const onConflict = options.onConflict ?? 'ignore';
    await this.init();
    // One statement per batch: atomic without BEGIN/COMMIT round trips (the hot path is one answer).
    return addInBatches(examples, options, (rows) => writeRows((sql, params) => this.query(sql, params), id, rows, onConflict),
      // 23503 foreign key: another process dropped the dataset since its id was cached. Recreate it.
      (err) => (err as { code?: string }).code === '23503',
      async () => { this.ids.delete(dataset); id = (await this.idOf(dataset, true))!; });
  }

  async remove(dataset: string, taskHash: number, session = ''): Promise<boolean> {
    const id = await this.idOrThrow(dataset);
    const r = await this.query('DELETE FROM examples WHERE dataset_id = $1 AND session = $2 AND task_hash = $3', [id, session, taskHash]);
    return (r.rowCount ?? 0) > 0;
  }

  async *examples(dataset: string, query: ExampleQuery = {}): AsyncIterable<Example> {
    const id = await this.idOrThrow(dataset);
    const where = ['dataset_id = $1', 'id > $2'];
    const params: unknown[] = [id, 0];
    if (query.session !== undefined) { params.push(query.session); where.push(`session = $${params.length}`); }
    if (query.answer === 'none') where.push('answer IS NULL');
    else if (query.answer) { params.push(query.answer); where.push(`answer = $${params.length}`); }
    const sql = `SELECT id, content FROM examples WHERE ${where.join(' AND ')} ORDER BY id LIMIT ${PAGE}`;
    // Keyset pages rather than a cursor holding a connection while the consumer awaits between items.
    for (;;) {
      const { rows } = await this.query<{ id: number; content: Example }>(sql, params);
      for (const r of rows) yield r.content;
      if (rows.length < PAGE) return;
      params[1] = rows[rows.length - 1]!.id;
    }
  }

  async getExample(dataset: string, taskHash: number, session?: string): Promise<Example | undefined> {
    const id = await this.idOrThrow(dataset);
    const { rows } = session === undefined
      ? await this.query<{ content: Example }>('SELECT content FROM examples WHERE dataset_id = $1 AND task_hash = $2 ORDER BY created DESC, id DESC LIMIT 1', [id, taskHash])
      : await this.query<{ content: Example }>('SELECT content FROM examples WHERE dataset_id = $1 AND session = $2 AND task_hash = $3', [id, session, taskHash]);
    return rows[0]?.content;
  }

  async taskHashes(dataset: string, session?: string): Promise<Set<number>> {
    return this.hashes(dataset, 'task_hash', session, false);
  }

  async inputHashes(dataset: string, session?: string): Promise<Set<number>> {
    return this.hashes(dataset, 'input_hash', session, true);
  }

  private async hashes(dataset: string, column: 'task_hash' | 'input_hash', session: string | undefined, answered: boolean): Promise<Set<number>> {
    const id = await this.idOf(dataset);
    if (id === undefined) return new Set();
    const params: unknown[] = [id];
    let sql = `SELECT DISTINCT ${column} AS h FROM examples WHERE dataset_id = $1`;
    if (session !== undefined) { params.push(session); sql += ' AND session = $2'; }
    if (answered) sql += ' AND answer IS NOT NULL';
    return new Set((await this.query<{ h: number }>(sql, params)).rows.map((r) => r.h));
  }

  async stats(dataset: string): Promise<DatasetStats> {
    const row = await this.row(dataset);
    const sessions = (await this.query<SessionStats>(`SELECT session, count(*) AS total,
      count(*) FILTER (WHERE answer = 'accept') AS accept, count(*) FILTER (WHERE answer = 'reject') AS reject,
      count(*) FILTER (WHERE answer = 'ignore') AS ignore, max(created) AS last
      FROM examples WHERE dataset_id = $1 GROUP BY session ORDER BY session COLLATE "C"`, [row.id])).rows;
    const sum = (k: 'accept' | 'reject' | 'ignore') => sessions.reduce((n, s) => n + s[k], 0);
    const labels: Record<string, number> = {};
    const labelRows = await this.query<{ label: string | null; n: number }>(`SELECT s ->> 'label' AS label, count(*) AS n
      FROM examples e, json_array_elements(CASE WHEN json_typeof(e.content -> 'spans') = 'array' THEN e.content -> 'spans' ELSE '[]'::json END) s
      WHERE e.dataset_id = $1 AND e.answer = 'accept' GROUP BY 1`, [row.id]);
    for (const l of labelRows.rows) if (l.label != null) labels[l.label] = l.n;
    const inputs = (await this.query<{ n: number }>('SELECT count(DISTINCT input_hash) AS n FROM examples WHERE dataset_id = $1', [row.id])).rows[0]!.n;
    const accept = sum('accept'), reject = sum('reject'), ignore = sum('ignore');
    return { ...summary(row), accept, reject, ignore, unanswered: row.examples - accept - reject - ignore, inputs, sessions, labels };
  }

  async merge(sources: string[], target: string, options: MergeOptions = {}): Promise<AddResult> {
    return mergeDatasets(this, sources, target, options, (name) => this.row(name));
  }

  async close(): Promise<void> {
    if (!this.pool.ended) await this.pool.end();
  }
}

function summary(row: DatasetRow): DatasetSummary {
  return { name: row.name, created: row.created, meta: row.meta, examples: row.examples };
}

const names = new Map<string, string>();
/**
 * Every statement nerflow sends has a fixed text (values are parameters), so each is prepared once
 * per connection under a name derived from its text: the hot path (get-next, answer) skips parsing
 * and planning on the server.
 */
function statementName(sql: string): string {
  let n = names.get(sql);
  if (!n) names.set(sql, (n = `nerflow_${createHash('sha1').update(sql).digest('hex').slice(0, 16)}`));
  return n;
}
