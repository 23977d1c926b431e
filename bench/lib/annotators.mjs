// Scripted annotators for the load benchmarks (bench/annotate/load.mjs, bench/scale/annotate.mjs):
// a light HTTP client and the closed loop each annotator runs (get one task, answer it).
import http from 'node:http';

// node:http with keep-alive: lighter than fetch, so the clients steal less CPU from the servers.
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

/** One request; resolves with the status and a lazy JSON parse of the body. */
export function request(url, method = 'GET', body) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, agent, headers: body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {} }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, json: () => JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The p-th quantile (0..1) of `xs`, NaN when empty. */
export const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? NaN; };

/**
 * `count` closed-loop annotators until `seconds` have passed: each asks `serverFor(k)` for one task
 * (session `${prefix}${k}`), answers it (`answerOf(k)`: accept/reject, the suggested spans kept) and,
 * with `thinkMs`, pauses 0.5-1.5 times that. A failed request (a killed server) counts as an error
 * and is retried after 20 ms, on whatever server `serverFor` says then (a load balancer's failover).
 * `onAck(session, hash)` is called for every answer the server acknowledged (200). Requests sent in
 * the first `warmupSeconds` are not in the latency figures (the servers still index their source then).
 * @returns answers/s, get-next and answer p50/p99 (ms), acknowledged answers and errors
 */
export async function runAnnotators({ count, seconds, serverFor, prefix = 'anotador', answerOf = () => 'accept', thinkMs = 0, warmupSeconds = 0, onAck = () => {} }) {
  const get = [], post = [];
  let answers = 0, errors = 0;
  const deadline = performance.now() + seconds * 1000;
  const measureFrom = performance.now() + warmupSeconds * 1000;
  const annotator = async (k) => {
    const session = `${prefix}${k}`;
    while (performance.now() < deadline) {
      const url = serverFor(k);
      try {
        let t = performance.now();
        const task = (await request(`${url}api/tasks?session=${session}&n=1`)).json().tasks[0];
        if (t >= measureFrom) get.push(performance.now() - t);
        if (!task) return;
        const spans = task.spans.map((s) => ({ token_start: s.token_start, token_end: s.token_end, label: s.label, source: s.source }));
        t = performance.now();
        const res = await request(`${url}api/answers?session=${session}`, 'POST', JSON.stringify({ answers: [{ _task_hash: task._task_hash, answer: answerOf(k), spans }] }));
        if (t >= measureFrom) post.push(performance.now() - t);
        if (res.status === 200) { answers++; onAck(session, task._task_hash); } else errors++;
      } catch {
        errors++;
        await new Promise((r) => setTimeout(r, 20));
      }
      if (thinkMs) await new Promise((r) => setTimeout(r, thinkMs * (0.5 + Math.random())));
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: count }, (_, k) => annotator(k)));
  const wall = (performance.now() - t0) / 1000;
  return { answers, errors, perSec: answers / wall, get50: pct(get, 0.5), get99: pct(get, 0.99), post50: pct(post, 0.5), post99: pct(post, 0.99) };
}
