import type { StageContext } from '@nerflow/core';
import { openStore, type Store } from '@nerflow/store';
import type { AnnotateDeps, AnnotateHandle } from './annotate.js';
import type { Annotator } from './annotator.js';
import { authFromEnv } from './auth.js';
import { lockDatabase, type ServerLock } from './server-lock.js';
import { startServer } from './server.js';
import { loadUi } from './static-ui.js';
import type { TermsAnnotator } from './terms-annotator.js';

/**
 * What every annotate mode does around its annotator (`create`): opens the store unless one is
 * passed in, takes the dataset's server lock, starts the web server, and closes all of it once, in
 * order, on `close()` or when `ctx.signal` aborts. A start that fails leaves nothing open.
 */
export async function serveAnnotator<A extends Annotator | TermsAnnotator>(
  o: { db?: string; dataset: string; host: string; port: number }, ctx: StageContext, deps: AnnotateDeps, create: (store: Store) => Promise<A>,
): Promise<AnnotateHandle & { annotator: A }> {
  const ui = loadUi(deps.uiDir);
  // Commits stay in the event loop (group commit amortises the fsync): on this 2-core machine a
  // write worker measured slower (docs/benchmarks/annotate.md); the store offers it as an option.
  const store = deps.store ?? openStore({ db: o.db });
  // One server per dataset of a SQLite file: a second one would serve every task again (issue 17 #6).
  // A store with task leases in the database (PostgreSQL) lets any number of servers share the dataset.
  let dbLock: ServerLock | undefined;
  try {
    if (!store.leases) dbLock = lockDatabase(store.location, o.dataset);
    const annotator = await create(store);
    const server = await startServer({ annotator, ui, host: o.host, port: o.port, auth: authFromEnv(deps.env), log: ctx.log });
    let resolveClosed!: () => void;
    const closed = new Promise<void>((r) => (resolveClosed = r));
    let closing: Promise<void> | undefined;
    const close = () => (closing ??= (async () => {
      await server.close();
      await annotator.close();
      if (!deps.store) await store.close();
      dbLock?.release();
      resolveClosed();
    })());
    ctx.signal.addEventListener('abort', () => void close(), { once: true });
    return { ...server, close, closed, annotator, store };
  } catch (err) {
    dbLock?.release();
    if (!deps.store) await store.close();
    throw err;
  }
}
