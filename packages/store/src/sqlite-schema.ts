/**
 * The SQLite layout. One row per stored answer: the same task may be stored once per session, so
 * that several annotators of one dataset keep their own answers (agreement, merge). Content is the
 * whole Prodigy-compatible record as JSON, so export gives back what was stored, extra keys included.
 */
export const SCHEMA_VERSION = 1;

export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS nerflow_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS datasets (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  created INTEGER NOT NULL,
  meta TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE IF NOT EXISTS examples (
  id INTEGER PRIMARY KEY,
  dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  session TEXT NOT NULL DEFAULT '',
  task_hash INTEGER NOT NULL,
  input_hash INTEGER NOT NULL,
  answer TEXT,
  created INTEGER NOT NULL,
  content TEXT NOT NULL,
  UNIQUE (dataset_id, session, task_hash)
);
CREATE INDEX IF NOT EXISTS examples_task ON examples (dataset_id, task_hash);
`;
