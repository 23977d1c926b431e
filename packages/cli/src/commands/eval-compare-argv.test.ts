import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { tokenize, type Example } from '@nerflow/corpus';
import { commands as evalCommands } from '@nerflow/eval/cli';
import { describe, expect, it } from 'vitest';
import { runCli } from '../program.js';

function io() {
  const stdout = new PassThrough(), stderr = new PassThrough();
  let out = '', err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  return { io: { stdout, stderr, stdin: new PassThrough(), color: false }, out: () => out, err: () => err };
}

function ex(text: string, ents: [string, string][]): Example {
  const tokens = tokenize(text);
  const spans = ents.map(([surface, label]) => {
    const start = text.indexOf(surface);
    return { start, end: start + surface.length, token_start: tokens.findIndex((t) => t.start === start), token_end: tokens.findIndex((t) => t.end === start + surface.length), label };
  });
  return { text, tokens, spans, answer: 'accept' };
}

const dir = mkdtempSync(join(tmpdir(), 'nerflow-compare-argv-'));
const write = (name: string, examples: Example[]) => {
  const p = join(dir, name);
  writeFileSync(p, examples.map((e) => JSON.stringify(e)).join('\n') + '\n');
  return p;
};
const sentences: [string, [string, string][]][] = [
  ['La campaña de Iberia en Instagram subió el CTR un 12 %.', [['Iberia', 'ORG'], ['Instagram', 'PLATAFORMA'], ['CTR', 'METRICA']]],
  ['Mercadona midió la tasa de rebote en Google Analytics.', [['Mercadona', 'ORG'], ['tasa de rebote', 'METRICA'], ['Google Analytics', 'PLATAFORMA']]],
  ['En TikTok el alcance orgánico cayó durante marzo.', [['TikTok', 'PLATAFORMA'], ['alcance orgánico', 'METRICA']]],
];
const gold = write('gold.jsonl', sentences.map(([t, e]) => ex(t, e)));
const predA = write('a.jsonl', sentences.map(([t, e]) => ex(t, e.slice(0, 1))));
const predB = write('b.jsonl', sentences.map(([t, e]) => ex(t, e.slice(0, 2))));

/** Real argv through commander (the path `nerflow eval compare ...` takes), not an options object. */
describe('nerflow eval compare, parsed from argv', () => {
  it('writes --report and --json whatever their order, also after the parent eval command', async () => {
    const a = join(dir, 'a.json'), b = join(dir, 'b.json');
    expect(await runCli(evalCommands, ['eval', '--gold', gold, '--pred', predA, '--json', a], io().io)).toBe(0);
    expect(await runCli(evalCommands, ['eval', '--gold', gold, '--pred', predB, '--json', b], io().io)).toBe(0);
    const orders = [
      (r: string, j: string) => ['eval', 'compare', a, b, '--report', r, '--json', j],
      (r: string, j: string) => ['eval', 'compare', a, b, '--json', j, '--report', r],
      (r: string, j: string) => ['eval', 'compare', '--report', r, '--json', j, a, b],
    ];
    for (const [i, argv] of orders.entries()) {
      const report = join(dir, `cmp${i}.html`), json = join(dir, `cmp${i}.json`);
      const t = io();
      expect(await runCli(evalCommands, argv(report, json), t.io)).toBe(0);
      expect(existsSync(report)).toBe(true);
      expect(JSON.parse(readFileSync(json, 'utf8')).rows.map((r: { label: string }) => r.label)).toContain('METRICA');
    }
  });
});
