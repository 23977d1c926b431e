import { defineCommand, type CommandSpec } from '@nerflow/core';
import { existsSync } from 'node:fs';
import { defaultDbPath, entityAgreement, exportFile, importFile, isPostgresUrl, openStore, type Store } from '@nerflow/store';
import { NerError, type Example } from '@nerflow/corpus';
import { z } from 'zod';

const db = z.string().optional().describe('Database: a SQLite file or a postgresql:// URL (default: NERFLOW_DB or ~/.nerflow/nerflow.db)');

/** Commands that only read (`mustExist`) never create a database at a mistyped --db path. */
async function withStore<T>(path: string | undefined, fn: (s: Store) => Promise<T>, mustExist = false): Promise<T> {
  const location = path ?? defaultDbPath();
  if (mustExist && location !== ':memory:' && !isPostgresUrl(location) && !existsSync(location)) {
    throw new NerError('E_STORE_NO_DB', `No annotation database at ${location}`, {
      file: location, hint: 'Check --db (or NERFLOW_DB); a database is created by `nerflow db import` or `nerflow annotate`.',
    });
  }
  const store = openStore({ db: path });
  try { return await fn(store); } finally { await store.close(); }
}

const withExistingStore = <T>(path: string | undefined, fn: (s: Store) => Promise<T>) => withStore(path, fn, true);

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/** `nerflow db ...`: the annotation database from the command line (Prodigy's db-in/db-out/stats/drop/merge). */
export const dbCommands: CommandSpec[] = [
  defineCommand({
    name: 'db stats',
    summary: 'List datasets, or show one dataset\'s answers, sessions and labels',
    args: [{ name: 'dataset', key: 'dataset', description: 'dataset to describe (all when omitted)', required: false }],
    options: z.object({ dataset: z.string().optional(), db }),
    async run(o, ctx) {
      await withExistingStore(o.db, async (store) => {
        if (!o.dataset) {
          const all = await store.datasets();
          ctx.stdout.write(`${store.location}: ${all.length} dataset(s)\n`);
          for (const d of all) ctx.stdout.write(`  ${d.name.padEnd(24)} ${String(d.examples).padStart(8)} examples  ${new Date(d.created).toISOString().slice(0, 10)}\n`);
          return;
        }
        const s = await store.stats(o.dataset);
        ctx.stdout.write(`${s.name}: ${s.examples} examples (${s.inputs} texts) — accept ${s.accept}, reject ${s.reject}, ignore ${s.ignore}, unanswered ${s.unanswered}\n`);
        if (Array.isArray(s.meta.labels)) ctx.stdout.write(`labels: ${(s.meta.labels as string[]).join(', ')}\n`);
        for (const [label, n] of Object.entries(s.labels).sort((a, b) => b[1] - a[1])) ctx.stdout.write(`  ${label.padEnd(20)} ${n} accepted spans\n`);
        ctx.stdout.write('sessions:\n');
        for (const x of s.sessions) ctx.stdout.write(`  ${(x.session || '(none)').padEnd(20)} ${x.total} (accept ${x.accept}, reject ${x.reject}, ignore ${x.ignore})\n`);
      });
    },
  }),
  defineCommand({
    name: 'db import',
    summary: 'Import corpus JSONL into a dataset (deduplicated: importing twice adds nothing)',
    args: [{ name: 'dataset', key: 'dataset', description: 'target dataset', required: true }, { name: 'file', key: 'file', description: 'corpus JSONL (.jsonl, .jsonl.gz, - for stdin)', required: true }],
    options: z.object({ dataset: z.string(), file: z.string(), session: z.string().optional().describe('Session to record when a line has no _session_id'), db }),
    async run(o, ctx) {
      const r = await withStore(o.db, (s) => importFile(s, o.dataset, o.file, { session: o.session }));
      ctx.stdout.write(`Imported ${r.added} new example(s) into ${o.dataset}; ${r.existing} were already there.\n`);
    },
  }),
  defineCommand({
    name: 'db export',
    summary: 'Export a dataset as corpus JSONL (Prodigy-compatible)',
    args: [{ name: 'dataset', key: 'dataset', description: 'dataset', required: true }, { name: 'out', key: 'out', description: 'output file (.jsonl, .jsonl.gz, - for stdout)', required: true }],
    options: z.object({
      dataset: z.string(), out: z.string(), db,
      session: z.string().optional().describe('Only this session\'s answers'),
      answer: z.enum(['accept', 'reject', 'ignore']).optional().describe('Only answers of this kind'),
    }),
    async run(o, ctx) {
      const n = await withExistingStore(o.db, (s) => exportFile(s, o.dataset, o.out, { session: o.session, answer: o.answer }));
      if (o.out !== '-') ctx.stdout.write(`Exported ${n} example(s) from ${o.dataset} to ${o.out}\n`);
    },
  }),
  defineCommand({
    name: 'db drop',
    summary: 'Delete a dataset and its answers',
    args: [{ name: 'dataset', key: 'dataset', description: 'dataset to delete', required: true }],
    options: z.object({ dataset: z.string(), db }),
    async run(o, ctx) {
      const n = await withExistingStore(o.db, async (s) => {
        const d = await s.getDataset(o.dataset);
        return d && (await s.dropDataset(o.dataset)) ? d.examples : undefined;
      });
      ctx.stdout.write(n === undefined ? `No dataset named ${o.dataset}: nothing dropped.\n` : `Dropped ${o.dataset} (${n} examples).\n`);
      return n === undefined ? 1 : 0;
    },
  }),
  defineCommand({
    name: 'db merge',
    summary: 'Merge datasets (comma-separated) into a new one; --collapse merges their sessions too',
    args: [{ name: 'sources', key: 'sources', description: 'datasets to merge, comma-separated', required: true }, { name: 'target', key: 'target', description: 'dataset to write', required: true }],
    options: z.object({
      sources: z.string(), target: z.string(), db,
      collapse: z.string().optional().describe('Store every answer under this one session, the newest answer per task winning'),
    }),
    async run(o, ctx) {
      const sources = o.sources.split(',').map((s) => s.trim()).filter(Boolean);
      const r = await withStore(o.db, (s) => s.merge(sources, o.target, { collapse: o.collapse }));
      ctx.stdout.write(`Merged ${sources.join(', ')} into ${o.target}: ${r.added} added, ${r.existing} already there.\n`);
    },
  }),
  defineCommand({
    name: 'db agreement',
    summary: 'Inter-annotator agreement: entity-level F1 between the sessions of a dataset',
    args: [{ name: 'dataset', key: 'dataset', description: 'dataset annotated by several sessions', required: true }],
    options: z.object({ dataset: z.string(), db }),
    async run(o, ctx) {
      const r = await withExistingStore(o.db, async (s) => {
        const all: Example[] = [];
        for await (const e of s.examples(o.dataset)) all.push(e);
        return entityAgreement(all);
      });
      if (!r.pairs.some((p) => p.shared > 0)) {
        ctx.stdout.write(`${o.dataset} has ${r.sessions.length} session(s) but no text accepted by two of them: agreement needs sessions that annotated the same texts (annotate with --overlap).\n`);
        return 1;
      }
      ctx.stdout.write(`Entity F1 between sessions of ${o.dataset} (exact span and label):\n`);
      for (const p of r.pairs.filter((x) => x.shared > 0)) {
        ctx.stdout.write(`  ${(p.a || '(none)')} vs ${(p.b || '(none)')}: F1 ${pct(p.f1)} on ${p.shared} shared text(s); same answer on ${p.sameAnswer}/${p.sharedTasks} shared task(s)\n`);
      }
      ctx.stdout.write(`overall F1 ${pct(r.f1)}\n`);
      for (const [label, v] of Object.entries(r.perLabel)) ctx.stdout.write(`  ${label.padEnd(20)} F1 ${pct(v.f1)} (${v.both} agreed of ${v.a}/${v.b})\n`);
    },
  }),
];
