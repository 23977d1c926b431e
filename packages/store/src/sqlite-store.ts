import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { NerError, type Example } from '@nerflow/corpus';
import { StoreErrors, checkName, noDataset } from './errors.js';
import { addInBatches } from './example-row.js';
import { mergeDatasets } from './merge.js';
import { SCHEMA_SQL, SCHEMA_VERSION } from './sqlite-schema.js';
import { createRowWriter, type RowWriter } from './sqlite-writer.js';
import { WriteClient } from './write-client.js';
import type {
  AddOptions, AddResult, DatasetStats, DatasetSummary, ExampleQuery, MergeOptions, SessionStats, Store,
} from './types.js';

export interface SqliteStoreOptions {
  /**
   * 'full' (default) fsyncs the WAL on every commit, so an acknowledged answer survives a power cut;
   * 'normal' survives a process crash (SIGKILL) but may lose the last commits on power loss.
   */
  synchronous?: 'full' | 'normal';
  readonly?: boolean;
  /**
   * Commit `add()` on a worker thread (its own connection), so that a server's event loop keeps
   * answering while a commit waits for the disk. Ignored for ':memory:'.
   */
  writeInWorker?: boolean;
}

interface DatasetRow { id: number; name: string; created: number; meta: string; examples: number }
const PAGE = 500;

/**
 * The embedded store: one SQLite file in WAL mode (readers never block the writer, several
 * processes may share it; busy_timeout makes a second writer wait instead of failing).
 */
export class SqliteStore implements Store {
  readonly kind = 'sqlite';
  private readonly db: Database.Database;
  private readonly stmt: ReturnType<SqliteStore['prepare']>;
  private readonly writeRows: RowWriter;
  /** With `writeInWorker`: commits happen on a worker thread's connection. */
  private readonly writer?: WriteClient;

  constructor(readonly location: string, options: SqliteStoreOptions = {}) {
    try {
      if (location !== ':memory:') mkdirSync(path.dirname(path.resolve(location)), { recursive: true });
      this.db = new Database(location, { readonly: options.readonly ?? false });
      this.db.pragma('busy_timeout = 10000');
      if (!options.readonly) {
        this.db.pragma('journal_mode = WAL');
        this.db.pragma(`synchronous = ${options.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
        this.db.pragma('foreign_keys = ON');
        this.db.exec(SCHEMA_SQL);
        this.db.prepare('INSERT OR IGNORE INTO nerflow_meta (key, value) VALUES (?, ?)').run('schema_version', String(SCHEMA_VERSION));
      }
    } catch (cause) {
      throw new NerError(StoreErrors.OPEN_FAILED, `Cannot open the annotation database ${location}: ${(cause as Error).message}`, {
        hint: 'Check that the folder is writable and the file is a nerflow SQLite database (or pass another --db).',
        file: location, cause,
      });
    }
    this.stmt = this.prepare();
    this.writeRows = createRowWriter(this.db);
    if (options.writeInWorker && location !== ':memory:' && !options.readonly) {
      this.writer = new WriteClient(location, options.synchronous === 'normal' ? 'NORMAL' : 'FULL');
    }
  }

  private prepare() {
    const d = this.db;
    return {
      datasets: d.prepare<[], DatasetRow>(`SELECT d.id, d.name, d.created, d.meta,
        (SELECT count(*) FROM examples e WHERE e.dataset_id = d.id) AS examples FROM datasets d ORDER BY d.name`),
      dataset: d.prepare<[string], DatasetRow>(`SELECT d.id, d.name, d.created, d.meta,
        (SELECT count(*) FROM examples e WHERE e.dataset_id = d.id) AS examples FROM datasets d WHERE d.name = ?`),
      datasetId: d.prepare<[string], { id: number }>('SELECT id FROM datasets WHERE name = ?'),
      createDataset: d.prepare('INSERT INTO datasets (name, created, meta) VALUES (?, ?, ?)'),
      setMeta: d.prepare('UPDATE datasets SET meta = ? WHERE id = ?'),
      dropDataset: d.prepare('DELETE FROM datasets WHERE id = ?'),
      remove: d.prepare('DELETE FROM examples WHERE dataset_id = ? AND session = ? AND task_hash = ?'),
      getOne: d.prepare<[number, string, number], { content: string }>('SELECT content FROM examples WHERE dataset_id = ? AND session = ? AND task_hash = ?'),
      getAny: d.prepare<[number, number], { content: string }>('SELECT content FROM examples WHERE dataset_id = ? AND task_hash = ? ORDER BY created DESC LIMIT 1'),
      hashesAll: d.prepare<[number], { h: number }>('SELECT DISTINCT task_hash AS h FROM examples WHERE dataset_id = ?'),
      hashesSession: d.prepare<[number, string], { h: number }>('SELECT task_hash AS h FROM examples WHERE dataset_id = ? AND session = ?'),
      inputsAll: d.prepare<[number], { h: number }>('SELECT DISTINCT input_hash AS h FROM examples WHERE dataset_id = ? AND answer IS NOT NULL'),
      inputsSession: d.prepare<[number, string], { h: number }>('SELECT DISTINCT input_hash AS h FROM examples WHERE dataset_id = ? AND session = ? AND answer IS NOT NULL'),
      sessions: d.prepare<[number], SessionStats>(`SELECT session, count(*) AS total,
        sum(answer = 'accept') AS accept, sum(answer = 'reject') AS reject, sum(answer = 'ignore') AS ignore,
        max(created) AS last FROM examples WHERE dataset_id = ? GROUP BY session ORDER BY session`),
      inputs: d.prepare<[number], { n: number }>('SELECT count(DISTINCT input_hash) AS n FROM examples WHERE dataset_id = ?'),
      labels: d.prepare<[number], { label: string; n: number }>(`SELECT json_extract(s.value, '$.label') AS label, count(*) AS n
        FROM examples e, json_each(e.content, '$.spans') s WHERE e.dataset_id = ? AND e.answer = 'accept' GROUP BY label`),
    };
  }

  /** Dataset ids by name: the hot path (one answer) must not count the dataset's rows. */
  private readonly ids = new Map<string, number>();

  /** The dataset's id, creating the dataset when `create` is set; undefined when absent. */
  private idOf(name: string, create = false): number | undefined {
    let id = this.ids.get(name);
    if (id !== undefined) return id;
    checkName(name);
    id = this.stmt.datasetId.get(name)?.id;
    if (id === undefined && create) {
      this.stmt.createDataset.run(name, Date.now(), '{}');
      id = this.stmt.datasetId.get(name)!.id;
    }
    if (id !== undefined) this.ids.set(name, id);
    return id;
  }

  private row(name: string): DatasetRow {
    checkName(name);
    const row = this.stmt.dataset.get(name);
    if (!row) throw noDataset(name, this.stmt.datasets.all().map((r) => r.name), this.location);
    return row;
  }

  private idOrThrow(name: string): number {
    return this.idOf(name) ?? this.row(name).id;
  }

  async datasets(): Promise<DatasetSummary[]> {
    return this.stmt.datasets.all().map(summary);
  }

  async getDataset(name: string): Promise<DatasetSummary | undefined> {
    checkName(name);
    const row = this.stmt.dataset.get(name);
    return row && summary(row);
  }

  async ensureDataset(name: string, meta?: Record<string, unknown>): Promise<DatasetSummary> {
    checkName(name);
    this.db.transaction(() => {
      const row = this.stmt.dataset.get(name);
      if (!row) this.stmt.createDataset.run(name, Date.now(), JSON.stringify(meta ?? {}));
      else if (meta) this.stmt.setMeta.run(JSON.stringify({ ...JSON.parse(row.meta), ...meta }), row.id);
    }).immediate();
    return summary(this.stmt.dataset.get(name)!);
  }

  async dropDataset(name: string): Promise<boolean> {
    checkName(name);
    const row = this.stmt.dataset.get(name);
    this.ids.delete(name);
    if (!row) return false;
    this.stmt.dropDataset.run(row.id);
    return true;
  }

  async add(dataset: string, examples: Iterable<Example> | AsyncIterable<Example>, options: AddOptions = {}): Promise<AddResult> {
    let id = this.idOf(dataset, true)!;
    const onConflict = options.onConflict ?? 'ignore';
    return addInBatches(examples, options,
      async (rows) => (this.writer ? this.writer.write(id, rows, onConflict) : this.writeRows(id, rows, onConflict)),
      // The cached id is stale when another process dropped the dataset: recreate it.
      (err) => /FOREIGN KEY constraint failed/.test((err as Error).message),
      () => { this.ids.delete(dataset); id = this.idOf(dataset, true)!; });
  }

  async remove(dataset: string, taskHash: number, session = ''): Promise<boolean> {
    return this.stmt.remove.run(this.idOrThrow(dataset), session, taskHash).changes > 0;
  }

  async *examples(dataset: string, query: ExampleQuery = {}): AsyncIterable<Example> {
    const id = this.idOrThrow(dataset);
    const where = ['dataset_id = ?', 'id > ?'];
    const params: (string | number)[] = [id];
    if (query.session !== undefined) { where.push('session = ?'); params.push(query.session); }
    if (query.answer === 'none') where.push('answer IS NULL');
    else if (query.answer) { where.push('answer = ?'); params.push(query.answer); }
    const sql = `SELECT id, content FROM examples WHERE ${where.join(' AND ')} ORDER BY id LIMIT ${PAGE}`;
    const page = this.db.prepare<unknown[], { id: number; content: string }>(sql);
    // Keyset pages, not one open cursor: the consumer may await between items while the same
    // connection writes (the annotate server exporting while it stores answers).
    let last = 0;
    for (;;) {
      const rows = page.all(id, last, ...params.slice(1));
      for (const r of rows) yield JSON.parse(r.content) as Example;
      if (rows.length < PAGE) return;
      last = rows[rows.length - 1]!.id;
    }
  }

  async getExample(dataset: string, taskHash: number, session?: string): Promise<Example | undefined> {
    const id = this.idOrThrow(dataset);
    const row = session === undefined ? this.stmt.getAny.get(id, taskHash) : this.stmt.getOne.get(id, session, taskHash);
    return row && (JSON.parse(row.content) as Example);
  }

  async taskHashes(dataset: string, session?: string): Promise<Set<number>> {
    const row = this.stmt.dataset.get(checkName(dataset));
    if (!row) return new Set();
    const rows = session === undefined ? this.stmt.hashesAll.all(row.id) : this.stmt.hashesSession.all(row.id, session);
    return new Set(rows.map((r) => r.h));
  }

  async inputHashes(dataset: string, session?: string): Promise<Set<number>> {
    const row = this.stmt.dataset.get(checkName(dataset));
    if (!row) return new Set();
    const rows = session === undefined ? this.stmt.inputsAll.all(row.id) : this.stmt.inputsSession.all(row.id, session);
    return new Set(rows.map((r) => r.h));
  }

  async stats(dataset: string): Promise<DatasetStats> {
    const row = this.row(dataset);
    const sessions = this.stmt.sessions.all(row.id).map((s) => ({
      ...s, accept: s.accept ?? 0, reject: s.reject ?? 0, ignore: s.ignore ?? 0,
    }));
    const sum = (k: 'accept' | 'reject' | 'ignore') => sessions.reduce((n, s) => n + s[k], 0);
    const labels: Record<string, number> = {};
    for (const l of this.stmt.labels.all(row.id)) if (l.label != null) labels[l.label] = l.n;
    const accept = sum('accept'), reject = sum('reject'), ignore = sum('ignore');
    return {
      ...summary(row), accept, reject, ignore, unanswered: row.examples - accept - reject - ignore,
      inputs: this.stmt.inputs.get(row.id)!.n, sessions, labels,
    };
  }

  async merge(sources: string[], target: string, options: MergeOptions = {}): Promise<AddResult> {
    return mergeDatasets(this, sources, target, options, async (name) => this.row(name));
  }

  async close(): Promise<void> {
    await this.writer?.close();
    if (this.db.open) this.db.close();
  }
}

function summary(row: DatasetRow): DatasetSummary {
  return { name: row.name, created: row.created, meta: JSON.parse(row.meta) as Record<string, unknown>, examples: row.examples };
}
