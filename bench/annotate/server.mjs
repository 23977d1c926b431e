// The annotate server in its own process for the load benchmark (imports the BUILT packages).
// node bench/annotate/server.mjs DB SOURCE PATTERNS [full|normal]
import { PatternMatcher, parsePattern, readJsonl, tokenize } from '@nerflow/corpus';
import { SqliteStore } from '@nerflow/store';
import { Annotator, startServer } from '@nerflow/annotate';

const [db, source, patternsFile, sync = 'full'] = process.argv.slice(2);
const t0 = performance.now();
const examples = [];
for await (const ex of readJsonl(source)) examples.push(ex);
const patterns = [];
for await (const p of readJsonl(patternsFile)) patterns.push(parsePattern(p));
const store = new SqliteStore(db, { synchronous: sync, writeInWorker: process.env.BENCH_WORKER !== '0' });
const annotator = await Annotator.create({
  store, dataset: 'bench', examples, labels: ['PLATAFORMA', 'METRICA'],
  matcher: new PatternMatcher(patterns, { tokenize, phraseAttr: 'lower' }),
});
const server = await startServer({ annotator, port: 0 });
process.stdout.write(`LISTENING ${server.url} ${(performance.now() - t0).toFixed(0)}\n`);
// CPU spent serving (after start-up), printed on SIGTERM: a figure the shared machine's load does not inflate much.
const cpuStart = process.cpuUsage();
process.on('SIGTERM', async () => {
  const c = process.cpuUsage(cpuStart);
  process.stdout.write(`CPU ${((c.user + c.system) / 1000).toFixed(0)}\n`, () => process.exit(0));
});
