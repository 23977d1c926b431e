import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { recordingContext, type CommandContext, type CommandSpec } from '@nerflow/core';
import { tokenize, type Example } from '@nerflow/corpus';
import { describe, expect, it } from 'vitest';
import { commands } from './cli.js';

function ctx(): CommandContext & { out: () => string } {
  const stdout = new PassThrough();
  let out = '';
  stdout.on('data', (d) => (out += d));
  return { ...recordingContext(), stdout, stderr: new PassThrough(), stdin: new PassThrough(), verbose: false, isTTY: false, out: () => out };
}
const cmd = (name: string) => commands.find((c) => c.name === name)! as CommandSpec;
const run = async (name: string, raw: Record<string, unknown>) => {
  const c = ctx();
  await cmd(name).run(cmd(name).options.parse(raw), c);
  return c.out();
};

/** A corpus example with spans given as [surface text, label] (first occurrence). */
function ex(text: string, ents: [string, string][]): Example {
  const tokens = tokenize(text);
  const spans = ents.map(([surface, label]) => {
    const start = text.indexOf(surface);
    const ts = tokens.findIndex((t) => t.start === start);
    const te = tokens.findIndex((t) => t.end === start + surface.length);
    return { start, end: start + surface.length, token_start: ts, token_end: te, label };
  });
  return { text, tokens, spans, answer: 'accept' };
}

const dir = mkdtempSync(join(tmpdir(), 'nerflow-eval-cli-'));
const file = (name: string, examples: Example[]) => {
  const p = join(dir, name);
  writeFileSync(p, examples.map((e) => JSON.stringify(e)).join('\n') + '\n');
  return p;
};
const gold = file('gold.jsonl', [
  ex('Google Ads mejoró el CTR de la campaña en Madrid.', [['Google Ads', 'PLATAFORMA'], ['CTR', 'METRICA'], ['Madrid', 'LOC']]),
  ex('La tasa de conversión subió tras el cambio en Meta Ads.', [['tasa de conversión', 'METRICA'], ['Meta Ads', 'PLATAFORMA']]),
  ex('Ana García presentó el informe del ROAS en Sevilla.', [['Ana García', 'PER'], ['ROAS', 'METRICA'], ['Sevilla', 'LOC']]),
  { ...ex('Texto descartado sin entidades.', []), answer: 'reject' },
]);
const pred = file('pred.jsonl', [
  ex('Google Ads mejoró el CTR de la campaña en Madrid.', [['Google', 'PLATAFORMA'], ['CTR', 'METRICA'], ['Madrid', 'LOC']]),
  ex('La tasa de conversión subió tras el cambio en Meta Ads.', [['tasa de conversión', 'METRICA'], ['Meta Ads', 'ORG']]),
  ex('Ana García presentó el informe del ROAS en Sevilla.', [['Ana García', 'PER'], ['informe', 'METRICA'], ['Sevilla', 'LOC']]),
  { ...ex('Texto descartado sin entidades.', []), answer: 'reject' },
]);

describe('nerflow eval (command)', () => {
  it('scores --gold against --pred, prints the table and top errors, writes --json', async () => {
    const json = join(dir, 'out', 'a.json');
    const out = await run('eval', { gold, pred, json, bootstrap: 200 });
    expect(out).toMatch(/micro\s+62\.50\s+62\.50\s+62\.50/); // 5 of 8 entities right on both sides
    expect(out).toMatch(/boundary/);
    const res = JSON.parse(readFileSync(json, 'utf8'));
    expect(res.micro).toEqual({ p: 0.625, r: 0.625, f: 0.625, tp: 5, fp: 3, fn: 3 });
    expect(res.perLabel.LOC).toMatchObject({ p: 1, r: 1, f: 1, tp: 2 });
    expect(res.sentences).toBe(3);
    expect(res.bootstrap.samples).toBe(200);
  });

  it('accepts the gold file as the positional argument with --pred', async () => {
    expect(await run('eval', { model: gold, pred: gold })).toMatch(/micro\s+100\.00\s+100\.00\s+100\.00/);
  });

  it('scores a patterns file alone as the rule-based baseline', async () => {
    const patterns = join(dir, 'patterns.jsonl');
    writeFileSync(patterns, [
      { label: 'PLATAFORMA', pattern: [{ lower: 'google' }, { lower: 'ads' }] },
      { label: 'PLATAFORMA', pattern: 'Meta Ads' },
      { label: 'METRICA', pattern: [{ lower: 'ctr' }] },
      { label: 'METRICA', pattern: [{ lower: 'roas' }] },
    ].map((p) => JSON.stringify(p)).join('\n'));
    const json = join(dir, 'patterns.json');
    await run('eval', { gold, patterns, json });
    const res = JSON.parse(readFileSync(json, 'utf8'));
    expect(res.micro).toMatchObject({ tp: 4, fp: 0, fn: 4 });
    expect(res.perLabel.PLATAFORMA).toMatchObject({ tp: 2, fn: 0 });
    expect(res.name).toBe('patterns patterns.jsonl');
  });

  it('names the first example that differs when predictions do not align', async () => {
    const bad = file('bad.jsonl', [
      ex('Google Ads mejoró el CTR de la campaña en Madrid.', []),
      ex('La tasa de conversión bajó tras el cambio en Meta Ads.', []),
    ]);
    await expect(run('eval', { gold, pred: bad })).rejects.toThrow(/example 2: different texts[\s\S]*bad\.jsonl:2/);
  });

  it('says what to do when there is nothing to score', async () => {
    await expect(run('eval', { gold })).rejects.toMatchObject({ code: 'E_CLI_USAGE' });
  });
});

describe('nerflow eval compare (command)', () => {
  it('prints per-label deltas with paired significance', async () => {
    const a = join(dir, 'cmp-a.json');
    const b = join(dir, 'cmp-b.json');
    await run('eval', { gold, pred, json: a });
    await run('eval', { gold, pred: gold, json: b, name: 'perfect' });
    const cmpJson = join(dir, 'cmp.json');
    const report = join(dir, 'cmp.html');
    const out = await run('eval compare', { a, b, json: cmpJson, samples: 500, report });
    expect(readFileSync(report, 'utf8')).toMatch(/<svg[\s\S]*F1 change \(B − A\)/);
    expect(out).toMatch(/micro\s+62\.50\s+100\.00\s+\+37\.50/);
    const cmp = JSON.parse(readFileSync(cmpJson, 'utf8'));
    expect(cmp.paired).toBe(true);
    const micro = cmp.rows.find((r: { label: string }) => r.label === 'micro');
    expect(micro.delta).toBeCloseTo(0.375);
    expect(micro.low).toBeGreaterThan(0); // B is never worse on any resample
  });

  it('refuses a file that is not eval results', async () => {
    await expect(run('eval compare', { a: gold, b: gold })).rejects.toMatchObject({ code: 'E_EVAL_BAD_RESULTS' });
  });
});
