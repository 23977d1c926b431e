import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tokenize, type Example } from '@nerflow/corpus';
import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluate.js';
import { groupErrors, kindName } from './errorList.js';
import { predictWithPatterns } from './patternsBaseline.js';
import { runEval } from './run.js';
import { parsePattern } from '@nerflow/corpus';

const dir = mkdtempSync(join(tmpdir(), 'nerflow-eval-taken-'));
function ex(text: string, ents: [string, string][]): Example {
  const tokens = tokenize(text);
  return {
    text, tokens, answer: 'accept',
    spans: ents.map(([surface, label]) => {
      const start = text.indexOf(surface);
      return { start, end: start + surface.length, token_start: tokens.findIndex((t) => t.start === start), token_end: tokens.findIndex((t) => t.end === start + surface.length), label };
    }),
  };
}
const write = (name: string, xs: Example[]) => {
  const file = join(dir, name);
  writeFileSync(file, `${xs.map((x) => JSON.stringify(x)).join('\n')}\n`);
  return file;
};
const TEXTS = ['Instagram y TikTok suben el CTR en Madrid.', 'La tasa de rebote de Shopify bajó en Sevilla.', 'Twitch emite desde Barcelona.'];

describe('new-type gold spans that a base model gave to an old type ("taken by ORG")', () => {
  // Gold marks the new types only; the model (es-base + new types) also predicts its old ones.
  const gold = write('gold.jsonl', [
    ex(TEXTS[0]!, [['Instagram', 'PLATAFORMA'], ['TikTok', 'PLATAFORMA'], ['CTR', 'METRICA']]),
    ex(TEXTS[1]!, [['tasa de rebote', 'METRICA'], ['Shopify', 'PLATAFORMA']]),
    ex(TEXTS[2]!, [['Twitch', 'PLATAFORMA']]),
  ]);
  const pred = write('pred.jsonl', [
    ex(TEXTS[0]!, [['Instagram', 'ORG'], ['TikTok', 'PLATAFORMA'], ['CTR', 'METRICA'], ['Madrid', 'LOC']]),
    ex(TEXTS[1]!, [['tasa de rebote', 'METRICA'], ['Shopify bajó', 'ORG'], ['Sevilla', 'LOC']]),
    ex(TEXTS[2]!, [['Barcelona', 'LOC']]),
  ]);

  it('files them as their own error class in results.json, apart from plain misses', async () => {
    const { json, result } = await runEval({ gold, pred, labels: ['PLATAFORMA', 'METRICA'] });
    expect(json.micro).toMatchObject({ tp: 3, fp: 0, fn: 3 }); // the scores are unchanged: taken entities are missed
    expect(result.errors.map((e) => `${e.gold?.text}:${kindName(e)}`)).toEqual(['Instagram:taken by ORG', 'Shopify:taken by ORG', 'Twitch:missed']);
    expect(json.taken).toEqual({ PLATAFORMA: { ORG: 2 } });
    expect(result.errors.find((e) => e.kind === 'taken')!.pred).toMatchObject({ label: 'ORG', text: 'Instagram' });
    const groups = groupErrors(result.errors);
    expect(groups.map((g) => [g.label, kindName(g), g.count])).toEqual([['PLATAFORMA', 'taken by ORG', 2], ['PLATAFORMA', 'missed', 1]]);
  });

  it('shows them in the HTML report, and not without --labels (then they are type errors)', async () => {
    const report = join(dir, 'report.html');
    await runEval({ gold, pred, labels: ['PLATAFORMA', 'METRICA'], report });
    const page = readFileSync(report, 'utf8');
    expect(page).toContain('<h2>Taken by other labels</h2>');
    expect(page).toMatch(/<td>PLATAFORMA<\/td><td>ORG<\/td><td>2<\/td><td>50\.0%<\/td>/);
    expect(page).toContain('<td>taken by ORG</td>');
    const all = await runEval({ gold, pred });
    expect(all.json.taken).toEqual({});
    expect(all.result.errors.find((e) => e.gold?.text === 'Instagram')!.kind).toBe('type');
  });

  it('is computed by evaluate from the unscored predictions it is given', () => {
    const s = (tags: string[]) => ({ where: 'x', tokens: ['Usa', 'Instagram', 'hoy'], tags });
    const r = evaluate([s(['O', 'B-PLATAFORMA', 'O'])], [s(['O', 'O', 'O'])], { unscoredPred: [s(['O', 'B-MISC', 'I-MISC'])] });
    expect(r.errors).toEqual([expect.objectContaining({ kind: 'taken', takenBy: 'MISC', label: 'PLATAFORMA' })]);
    expect(evaluate([s(['O', 'B-PLATAFORMA', 'O'])], [s(['O', 'O', 'O'])]).errors[0]!.kind).toBe('missed');
  });
});

describe('patterns at prediction time (model + --patterns)', () => {
  const patterns = [{ label: 'PLATAFORMA', pattern: [{ lower: 'instagram' }] }, { label: 'PLATAFORMA', pattern: [{ lower: 'tiktok' }] }, { label: 'PLATAFORMA', pattern: [{ lower: 'twitch' }] }]
    .map((p, i) => parsePattern(p, { file: 'patterns.jsonl', line: i + 1 }));
  const model = [
    ex(TEXTS[0]!, [['Instagram', 'ORG'], ['TikTok suben', 'PLATAFORMA'], ['Madrid', 'LOC']]),
    ex(TEXTS[2]!, [['Twitch emite', 'MISC'], ['Barcelona', 'LOC']]),
  ];
  const texts = (x: Example) => x.spans!.map((s) => `${[...x.text].slice(s.start, s.end).join('')}/${s.label}`);

  const bare = model.map(({ spans: _s, ...rest }) => rest);

  it('claim, for the scored labels, the spans the old types took, and leave the model\'s own new-type spans alone', () => {
    const out = predictWithPatterns(bare, patterns, model, new Set(['PLATAFORMA']));
    // "Instagram" ORG (an old type) is claimed by the list; "TikTok suben" PLATAFORMA is the model's own
    // answer for the label and stays; LOC spans the list does not touch stay.
    expect(texts(out[0]!)).toEqual(['Instagram/PLATAFORMA', 'TikTok suben/PLATAFORMA', 'Madrid/LOC']);
    expect(texts(out[1]!)).toEqual(['Twitch/PLATAFORMA', 'Barcelona/LOC']);
  });

  it('only fill gaps when no labels are named (every label is scored: nothing is an old type)', () => {
    const out = predictWithPatterns(bare, patterns, model);
    expect(texts(out[0]!)).toEqual(['Instagram/ORG', 'TikTok suben/PLATAFORMA', 'Madrid/LOC']);
  });

  it('through runEval --labels: a claimed span scores as found', async () => {
    const file = join(dir, 'plataformas.jsonl');
    writeFileSync(file, `${patterns.map((p) => JSON.stringify({ label: p.label, pattern: p.pattern })).join('\n')}\n`);
    const gold2 = write('gold2.jsonl', [ex(TEXTS[0]!, [['Instagram', 'PLATAFORMA'], ['TikTok', 'PLATAFORMA']])]);
    const pred2 = write('pred2.jsonl', [ex(TEXTS[0]!, [['Instagram', 'ORG'], ['Madrid', 'LOC']])]);
    const { json } = await runEval({ gold: gold2, pred: pred2, patterns: file, labels: ['PLATAFORMA'] });
    expect(json.micro).toMatchObject({ tp: 2, fp: 0, fn: 0 });
    const plain = await runEval({ gold: gold2, pred: pred2, patterns: file });
    expect(plain.json.perLabel.PLATAFORMA).toMatchObject({ tp: 1, fn: 1 });
  });
});
