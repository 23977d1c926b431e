// Pretraining throughput with 1 and 2 worker threads (issue 8): wall-clock words/s and words per
// CPU-second (process.cpuUsage counts every thread), on the same text and settings; 3 repeats, medians.
// Reading and tokenising the 25k words is included in the CPU time (a few percent).
// On a shared machine wall-clock figures depend on the load: the CPU-second figure is the stable one.
// Usage: node bench/transfer/pretrain-throughput.mjs [steps=10] [width=64]
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pretrain } from '@nerflow/train';

const [steps = '10', width = '64'] = process.argv.slice(2);
const text = process.env.TRAIN_TEXT ?? '/tmp/transfer/data/esp-train.txt';
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const quiet = { progress() {}, log: { debug() {}, info() {}, warn() {}, error() {} }, signal: new AbortController().signal };
const res = {};
for (const workers of [1, 2]) {
  const wall = [];
  const cpu = [];
  for (let rep = 0; rep < 3; rep++) {
    const out = mkdtempSync(path.join(os.tmpdir(), 'nerflow-pt-'));
    const c0 = process.cpuUsage();
    const r = await pretrain({ inputs: [text], out, maxSteps: Number(steps), arch: 'cnn', width: Number(width), depth: 4, batchWords: 2000, workers, seed: 1, maxWords: 25_000, checkpointEvery: 1000 }, quiet);
    const c = process.cpuUsage(c0);
    wall.push(r.wordsPerSecond);
    cpu.push(r.words / ((c.user + c.system) / 1e6));
  }
  res[workers] = { wall: median(wall), cpu: median(cpu) };
  console.log(`workers ${workers}: ${Math.round(res[workers].wall)} words/s wall, ${Math.round(res[workers].cpu)} words per CPU-second (medians of 3; loadavg ${os.loadavg()[0].toFixed(1)})`);
}
console.log(`2 workers vs 1: wall-clock speed-up ${(res[2].wall / res[1].wall).toFixed(2)}x, CPU cost per word ${(res[1].cpu / res[2].cpu).toFixed(2)}x`);
