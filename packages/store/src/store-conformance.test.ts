import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { openStore } from './open-store.js';
import { PG_SKIP_REASON, TEST_PG, pgTestSchema } from './pg-test-db.js';
import { storeConformance } from './store-conformance.testkit.js';

// SQLite always runs: a fresh file per test, opened through openStore as the commands do.
storeConformance('sqlite', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nerflow-conformance-'));
  const file = path.join(dir, 'anotaciones.db');
  return { open: () => openStore({ db: file }), cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
});

// PostgreSQL when NERFLOW_TEST_PG names a server: a fresh schema per test.
storeConformance('postgres', async () => {
  const t = pgTestSchema();
  return { open: () => openStore({ db: t.url }), cleanup: () => t.drop() };
}, PG_SKIP_REASON);

// The suites above run against what openStore picks for each location: check that choice itself.
it('opens a file path as SQLite and a postgresql:// URL as PostgreSQL, without connecting first', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nerflow-conformance-'));
  const sqlite = openStore({ db: path.join(dir, 'anotaciones.db') });
  const url = TEST_PG ?? 'postgresql://nadie:secreto@127.0.0.1:1/ninguna';
  const postgres = openStore({ db: url });
  try {
    expect(sqlite.kind).toBe('sqlite');
    expect(postgres.kind).toBe('postgres');
    expect(postgres.location).not.toContain(`:${new URL(url).password}@`); // the password is masked in messages
  } finally {
    await sqlite.close();
    await postgres.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
