// Preloaded with `node --require` (worker threads inherit it, `--import` they do not): every worker
// thread reports its own memory (heap, external, ArrayBuffers, V8's malloced memory) and the file it
// is reading every SAMPLE_MS through a BroadcastChannel; the main thread samples the process RSS at
// the same rate and, at exit, writes MEMORY_PROBE_OUT (JSON): the samples and the breakdown at the
// moment of peak RSS. Read by memory-probe.mjs; changes nothing in what ingest does.
const { isMainThread, threadId, BroadcastChannel } = require('node:worker_threads');
const v8 = require('node:v8');
const fs = require('node:fs');
const SAMPLE_MS = Number(process.env.MEMORY_PROBE_MS ?? 50);
const channel = new BroadcastChannel('nerflow-memory-probe');
channel.unref();
const mb = (x) => Math.round((x / 2 ** 20) * 10) / 10;

if (!isMainThread) {
  // The file being read: processFile reads it with fs/promises.readFile (patched before the ESM
  // facade of the builtin is made, so the ingest module sees this wrapper).
  let file = null;
  const fsp = require('node:fs/promises');
  const readFile = fsp.readFile;
  fsp.readFile = function (p, ...rest) { if (typeof p === 'string' && p.endsWith('.pdf')) file = p.split('/').pop(); return readFile.call(this, p, ...rest); };
  const t = setInterval(() => {
    const m = process.memoryUsage();
    const h = v8.getHeapStatistics();
    channel.postMessage({ id: threadId, t: performance.timeOrigin + performance.now(), heapTotal: mb(m.heapTotal), heapUsed: mb(m.heapUsed), external: mb(m.external), arrayBuffers: mb(m.arrayBuffers), malloced: mb(h.malloced_memory), physical: mb(h.total_physical_size), limit: mb(h.heap_size_limit), file });
  }, SAMPLE_MS);
  t.unref();
  process.on('exit', () => channel.postMessage({ id: threadId, exit: true }));
} else if (process.env.MEMORY_PROBE_OUT) {
  const last = new Map(); // thread id -> latest sample
  const samples = [];
  let peak = null;
  channel.onmessage = (e) => { if (e.data.exit) last.delete(e.data.id); else last.set(e.data.id, e.data); };
  const t = setInterval(() => {
    const m = process.memoryUsage();
    const now = performance.timeOrigin + performance.now();
    // A thread's latest sample, however old: a thread busy in a long synchronous parse reports late.
    const workers = [...last.values()].map((w) => ({ ...w, age: Math.round(now - w.t) }));
    const s = { t: Math.round(now), rss: mb(m.rss), mainHeapTotal: mb(m.heapTotal), mainHeapUsed: mb(m.heapUsed), mainExternal: mb(m.external), workers };
    samples.push(s);
    if (!peak || s.rss > peak.rss) peak = s;
  }, SAMPLE_MS);
  t.unref();
  process.on('exit', () => {
    fs.writeFileSync(process.env.MEMORY_PROBE_OUT, JSON.stringify({ sampleMs: SAMPLE_MS, peak, samples }));
  });
}
