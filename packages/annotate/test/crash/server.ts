/**
 * The annotate server as its own process, for the crash test: run on source with
 *   TSX_TSCONFIG_PATH=test/crash/tsconfig.json node --import tsx test/crash/server.ts DB SOURCE [worker]
 * Prints `LISTENING <url>` once it accepts requests.
 */
import { readJsonl, type Example } from '@nerflow/corpus';
import { SqliteStore } from '@nerflow/store';
import { Annotator, startServer } from '@nerflow/annotate';

const [db, source, worker] = process.argv.slice(2) as [string, string, string?];
const examples: Example[] = [];
for await (const ex of readJsonl<Example>(source)) examples.push(ex);
const store = new SqliteStore(db, { writeInWorker: worker === 'worker' });
const annotator = await Annotator.create({ store, dataset: 'crash', examples, labels: ['PLATAFORMA', 'METRICA'] });
const server = await startServer({ annotator, port: 0 });
process.stdout.write(`LISTENING ${server.url}\n`);
