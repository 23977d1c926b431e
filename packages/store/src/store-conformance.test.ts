import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore } from './open-store.js';
import { PG_SKIP_REASON, pgTestSchema } from './pg-test-db.js';
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
