// Vectors store load time and exact k-NN query time for a 200k x 300 store (random vectors: the
// cost depends only on the shape). Reference: parsing the same vectors from .vec text, and a full
// sort of all scores instead of the top-k heap.
// Run: cd /work/main && npx nx build @nerflow/terms && nice -n 10 node bench/terms/store-and-knn.mjs [words] [dim]
// Float32 SIMD scan instead of the int8 index: NERFLOW_NO_INT8=1 ...; plain-JS scoring: NERFLOW_NO_SIMD=1 NERFLOW_NO_INT8=1 ...
import { mkdtempSync, readFileSync, createWriteStream, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { VectorStore, readVecFile, topK } from '@nerflow/terms';

const N = Number(process.argv[2] ?? 200_000), D = Number(process.argv[3] ?? 300);
const dir = mkdtempSync(path.join(tmpdir(), 'nerflow-bench-'));
let seed = 12345;
const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296) - 0.5;
const words = Array.from({ length: N }, (_, i) => `palabra${i}`);
const matrix = Float32Array.from({ length: N * D }, rand);
const store = new VectorStore(words, D, matrix);
const file = path.join(dir, 'v.nfv');
store.save(file);
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const med = (xs) => pct(xs, 50);
const time = (f) => { const t = process.hrtime.bigint(); f(); return Number(process.hrtime.bigint() - t) / 1e6; };

// 1. load
const loads = [], raw = [];
for (let i = 0; i < 5; i++) {
  loads.push(time(() => VectorStore.load(file)));
  raw.push(time(() => readFileSync(file))); // the floor: reading the bytes, nothing else
}
// reference: the same vectors as .vec text (only a 20k-row sample, extrapolated: text is slow)
const sample = Math.min(N, 20_000);
const vec = path.join(dir, 'v.vec');
const out = createWriteStream(vec);
out.write(`${sample} ${D}\n`);
for (let r = 0; r < sample; r++) out.write(`${words[r]} ${Array.from(matrix.subarray(r * D, (r + 1) * D), (x) => x.toFixed(5)).join(' ')}\n`);
await new Promise((res) => out.end(res));
const t0 = process.hrtime.bigint();
await readVecFile(vec);
const vecMs = (Number(process.hrtime.bigint() - t0) / 1e6) * (N / sample);
console.log(`store ${N} x ${D}: load median ${med(loads).toFixed(0)} ms (readFileSync of the same file alone: median ${med(raw).toFixed(0)} ms) (runs: ${loads.map((x) => x.toFixed(0)).join(', ')}); .vec text parse ~${vecMs.toFixed(0)} ms (extrapolated from ${sample} rows) -> ${(vecMs / med(loads)).toFixed(1)}x`);

// 2. queries
const loaded = VectorStore.load(file);
const queries = Array.from({ length: 100 }, (_, i) => loaded.vector(words[(i * 7919) % N]));
const first = time(() => loaded.nearest(queries[0], 20)); // builds the int8 index of a large store
const times = queries.map((q) => time(() => loaded.nearest(q, 20)));
console.log(`first query (includes building the int8 index when one is used): ${first.toFixed(0)} ms`);
const fullSort = queries.slice(0, 10).map((q) => time(() => {
  const s = new Float32Array(N);
  for (let r = 0; r < N; r++) { let acc = 0; for (let d = 0; d < D; d++) acc += loaded.matrix[r * D + d] * q[d]; s[r] = acc; }
  Array.from(s.keys()).sort((a, b) => s[b] - s[a]).slice(0, 20);
}));
console.log(`query k=20: p50 ${pct(times, 50).toFixed(1)} ms, p99 ${pct(times, 99).toFixed(1)} ms (100 queries); naive scores + full sort: median ${med(fullSort).toFixed(1)} ms -> ${(med(fullSort) / pct(times, 50)).toFixed(1)}x`);
const check = topK(loaded.matrix, D, queries[0], 1)[0];
console.log(`sanity: the query word is its own nearest neighbour: ${loaded.words[check.index] === words[0]} (cos ${check.score.toFixed(4)})`);
rmSync(dir, { recursive: true, force: true });
