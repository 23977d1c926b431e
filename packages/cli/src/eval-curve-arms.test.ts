import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { pretrain } from '@nerflow/train';
import { describe, expect, it } from 'vitest';
import { allCommands } from './commands.js';
import { runCli } from './program.js';

/**
 * `nerflow eval curve` with the four arms of issue 21, run for real (tiny: 1 epoch, 2 sizes) on the
 * bundled example's gold, es-base and the AnCora sample the example ships: each arm trains what it
 * says (scratch: no initial weights; pretrained: the pretrain output; base arms: es-base's labels,
 * rehearsal drawn, the old types scored before and after).
 */
const ROOT = resolve(import.meta.dirname, '../../..');
const EXAMPLE = join(ROOT, 'examples/marketing-es');

function io() {
  const stdout = new PassThrough(), stderr = new PassThrough();
  let out = '', err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  return { io: { stdout, stderr, stdin: new PassThrough(), color: false }, out: () => out, err: () => err };
}

describe('nerflow eval curve --arm scratch,pretrained,base,base+pretrained', () => {
  it('trains each arm on the same nested sets and writes one chart and one table', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nerflow-curve-arms-'));
    const gold = readFileSync(join(EXAMPLE, 'annotation/gold.jsonl'), 'utf8').trim().split('\n');
    writeFileSync(join(dir, 'train.jsonl'), `${gold.slice(0, 40).join('\n')}\n`);
    writeFileSync(join(dir, 'dev.jsonl'), `${gold.slice(40, 60).join('\n')}\n`);
    const old = readFileSync(join(EXAMPLE, 'old-types/ancora-test-sample.conll'), 'utf8').split(/\n\s*\n/).slice(0, 40).join('\n\n');
    writeFileSync(join(dir, 'old.conll'), `${old}\n`);
    // es-base's encoder pretrained a little further on the example's text (the base+pretrained arm).
    await pretrain({ inputs: [join(EXAMPLE, 'source')], out: join(dir, 'pre'), initTok2vec: 'es-base', maxSteps: 2, batchWords: 300, workers: 1 });
    const t = io();
    const code = await runCli(await allCommands(), ['eval', 'curve', '--train', join(dir, 'train.jsonl'), '--dev', join(dir, 'dev.jsonl'),
      '--arm', 'scratch,pretrained,base,base+pretrained', '--init-tok2vec', join(dir, 'pre'), '--base', 'es-base', '--rehearsal', join(EXAMPLE, 'source'),
      '--sizes', '10,all', '--old-gold', join(dir, 'old.conll'), '--settings', '{"maxEpochs":1,"threads":1,"batchWords":500,"rehearsalRatio":0.5}',
      '--out', join(dir, 'models'), '--json', join(dir, 'curve.json'), '--report', join(dir, 'curve.html')], t.io);
    expect(code, t.err()).toBe(0);
    const curve = JSON.parse(readFileSync(join(dir, 'curve.json'), 'utf8'));
    expect(curve.newLabels).toEqual(['METRICA', 'PLATAFORMA']);
    expect(curve.points.map((p: { series: string; examples: number }) => `${p.series}@${p.examples}`)).toEqual([
      'scratch@10', 'scratch@40', 'pretrained@10', 'pretrained@40', 'base@10', 'base@40', 'base+pretrained@10', 'base+pretrained@40']);
    expect(curve.oldBefore).toMatchObject({ model: 'es-base', labels: ['LOC', 'MISC', 'ORG', 'PER'] });
    expect(curve.oldBefore.f).toBeGreaterThan(0.6);
    const meta = (arm: string, n: number) => JSON.parse(readFileSync(join(dir, 'models', arm, 'seed0', `n${n}`, 'meta.json'), 'utf8'));
    const config = (arm: string, n: number) => JSON.parse(readFileSync(join(dir, 'models', arm, 'seed0', `n${n}`, 'config.json'), 'utf8'));
    expect(config('scratch', 10).initialisedFrom).toBeNull();
    expect(config('pretrained', 10).initialisedFrom).toBe(join(dir, 'pre', 'model-last'));
    for (const arm of ['base', 'base+pretrained']) {
      expect(config(arm, 10).initialisedFrom).toBe('es-base');
      expect([...meta(arm, 10).labels].sort()).toEqual(['LOC', 'METRICA', 'MISC', 'ORG', 'PER', 'PLATAFORMA']);
      expect(meta(arm, 10).transfer).toMatchObject({ addedLabels: ['METRICA', 'PLATAFORMA'], rehearsal: { examples: expect.any(Number) } });
      expect(meta(arm, 40).transfer.rehearsal.examples).toBeGreaterThan(meta(arm, 10).transfer.rehearsal.examples);
    }
    expect(meta('base+pretrained', 10).transfer.tok2vec.continuedFrom).toMatch(/model-es-base\/model\/tok2vec$/);
    // Every arm trains on the same 10 sentences (the sets are nested: see eval's curveSample.test.ts).
    const texts = (arm: string, n: number) => meta(arm, n).data.train.hash;
    expect(new Set(['scratch', 'pretrained', 'base', 'base+pretrained'].map((a) => texts(a, 10))).size).toBe(1);
    for (const p of curve.points) expect(p.old === null).toBe(!p.series.startsWith('base'));
    const page = readFileSync(join(dir, 'curve.html'), 'utf8');
    expect(page.match(/<svg/g)).toHaveLength(1);
    expect(page).toContain('old types (before');
    expect(t.out()).toMatch(/old types \(LOC, MISC, ORG, PER\) of es-base before: \d+\.\d\d/);
  }, 600_000);
});
