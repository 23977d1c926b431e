// One `nerflow annotate` server (the built annotate() the CLI calls) in its own process, for
// bench/scale/annotate.mjs. node bench/scale/server.mjs DB SOURCE PATTERNS LEASE_SECONDS
import { annotate } from '@nerflow/annotate';

const [db, source, patterns, lease = '600'] = process.argv.slice(2);
const t0 = performance.now();
const h = await annotate({ dataset: 'bench', source, patterns, labels: ['PLATAFORMA', 'METRICA'], db, port: 0, leaseSeconds: Number(lease) });
process.stdout.write(`LISTENING ${h.url} ${(performance.now() - t0).toFixed(0)}\n`);
const cpuStart = process.cpuUsage();
process.on('SIGTERM', async () => {
  const c = process.cpuUsage(cpuStart);
  await h.close();
  process.stdout.write(`CPU ${((c.user + c.system) / 1000).toFixed(0)}\n`, () => process.exit(0));
});
