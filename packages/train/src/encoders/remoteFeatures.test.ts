import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { tokenize } from '@nerflow/corpus';
import { TransformerFeaturizer } from './transformerFeatures.js';
import { loadTransformerEncoder } from './transformerEncoder.js';
import { FEATURIZE_CHUNK, plannedComputes, setRemoteFeatures, type FeatureSpec, type RemoteFeatures } from './remoteFeatures.js';

const FIXTURE = path.resolve(import.meta.dirname, '../../fixtures/tiny-bert-es');
const BASE = [
  'La Junta de Andalucía aprobó ayer el presupuesto para los hospitales de Sevilla y Córdoba.',
  'El Ayuntamiento de Bilbao cerrará el puente de Deusto durante las obras del metro.',
  'Según el Banco de España, el crédito a las empresas cayó un 3 % en el segundo trimestre.',
  'Ana Belén Ruiz, portavoz de la Fiscalía, no quiso comentar la sentencia del Supremo.',
  '¿Quién pagará la reforma del estadio? —preguntó el concejal de Urbanismo.',
];
/** 700 documents: past one chunk of prepare (256), with copies inside a chunk and across chunks. */
const DOCS = Array.from({ length: 700 }, (_, i) => ({
  words: tokenize(i % 50 === 7 ? BASE[1]! : `${BASE[i % BASE.length]} Expediente ${i % 600}.`).map((t) => t.text),
}));

/** Stands in for the queue: computes with a second featurizer (no cache, as a worker) and records the calls. */
class InProcess implements RemoteFeatures {
  plans: string[][][] = [];
  computes: string[][][] = [];
  constructor(private readonly worker: TransformerFeaturizer) {}
  plan(_spec: FeatureSpec, computes: string[][][]) { this.plans.push(...computes); }
  async compute(_spec: FeatureSpec, docs: string[][]) {
    this.computes.push(docs);
    return this.worker.compute(docs);
  }
}

const files = async (dir: string) => {
  const [sub] = await readdir(dir);
  return { bin: await readFile(path.join(dir, sub!, 'features.bin')), index: await readFile(path.join(dir, sub!, 'index.jsonl'), 'utf8') };
};

describe('transformer featurisation elsewhere (remoteFeatures: what nerflow train --queue uses)', () => {
  let dir: string;
  beforeAll(async () => { dir = await mkdtemp(path.join(tmpdir(), 'nerflow-remote-feat-')); });
  afterAll(async () => { await rm(dir, { recursive: true, force: true }); });
  afterEach(() => { setRemoteFeatures(null); });

  it('computes elsewhere exactly what the local prepare computes: same calls, same features and cache bit for bit', async () => {
    // Some documents are in the cache before (an earlier run): neither path computes them again.
    const seed = DOCS.slice(310, 350);
    for (const name of ['local', 'remote']) {
      const f = await TransformerFeaturizer.load({ model: FIXTURE, cacheDir: path.join(dir, name) });
      await f.featurize(seed);
      await f.dispose();
    }
    const local = await loadTransformerEncoder({ model: FIXTURE }, { cacheDir: path.join(dir, 'local') });
    const computed: string[][][] = [];
    const compute = local.featurizer.compute.bind(local.featurizer);
    local.featurizer.compute = async (docs) => { computed.push(docs); return compute(docs); };
    await local.prepare(DOCS);

    const worker = await TransformerFeaturizer.load({ model: FIXTURE, cacheDir: null });
    const remote = new InProcess(worker);
    setRemoteFeatures(remote);
    const queued = await loadTransformerEncoder({ model: FIXTURE }, { cacheDir: path.join(dir, 'remote') });
    expect(plannedComputes(queued.featurizer, [DOCS.slice(0, 3), DOCS.slice(0, 2)])).toEqual([DOCS.slice(0, 3).map((d) => d.words), []]);
    await queued.prepare(DOCS);

    expect(computed).toHaveLength(Math.ceil(DOCS.length / FEATURIZE_CHUNK));
    // The plan announced every call before the first, and each remote call got exactly the local one's documents.
    expect(remote.plans).toEqual(computed);
    expect(remote.computes).toEqual(computed);
    // Copies inside a call are each computed (documents 7, 57, ..., 207 of the first chunk); copies in
    // later calls, documents 600-699 (copies of 0-99) and the seeded ones come from the cache.
    const copy = DOCS[7]!.words.join(' ');
    expect(computed.map((c) => c.filter((w) => w.join(' ') === copy).length)).toEqual([5, 0, 0]);
    expect(computed.flat().length).toBe(588 - seed.length + 5);
    for (const d of DOCS) {
      const a = local.encode({ docs: [d], words: d.words, starts: Int32Array.of(0) }, { dropout: 0 });
      const b = queued.encode({ docs: [d], words: d.words, starts: Int32Array.of(0) }, { dropout: 0 });
      const [x, y] = [a.dataSync() as Float32Array, b.dataSync() as Float32Array];
      a.dispose(); b.dispose();
      expect(Buffer.from(y.buffer, y.byteOffset, y.byteLength).equals(Buffer.from(x.buffer, x.byteOffset, x.byteLength))).toBe(true);
    }
    const [l, r] = [await files(path.join(dir, 'local')), await files(path.join(dir, 'remote'))];
    expect(r.bin.length).toBeGreaterThan(0);
    expect(r.bin.equals(l.bin)).toBe(true);
    expect(r.index).toBe(l.index);
    local.dispose(); queued.dispose();
    await worker.dispose();
  }, 120_000);

  it('without a disk cache each call computes its whole chunk, as locally', async () => {
    const f = await TransformerFeaturizer.load({ model: FIXTURE, cacheDir: null });
    const chunks = [DOCS.slice(0, 256), DOCS.slice(0, 10)];
    expect(plannedComputes(f, chunks)).toEqual(chunks.map((c) => c.map((d) => d.words)));
    await f.dispose();
  });
});
