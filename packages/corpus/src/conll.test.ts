import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatConll, parseLabelMap, readConll, writeConll, type ConllExample } from './conll.js';
import type { NerError } from './errors.js';
import { readJsonl, writeJsonl } from './jsonl.js';
import { sliceCodePoints } from './offsets.js';

const DATA = join(import.meta.dirname, '../../../../shared/data');
const CONLL = join(DATA, 'conll2002-es');
const tmp = () => mkdtemp(join(tmpdir(), 'nerflow-conll-'));
const collect = async <T>(it: AsyncIterable<T>) => { const out: T[] = []; for await (const x of it) out.push(x); return out; };

async function conllFile(content: string, name = 'sample.conll'): Promise<string> {
  const path = join(await tmp(), name);
  await writeFile(path, content);
  return path;
}

describe('CoNLL-2002 Spanish round trip (CoNLL -> JSONL -> CoNLL)', () => {
  const cases = [
    { file: 'esp.train', sentences: 8_323, tokens: 264_715, entities: 18_798 },
    { file: 'esp.testa', sentences: 1_915, tokens: 52_923, entities: 4_352 },
  ];
  for (const c of cases) {
    const path = join(CONLL, c.file);
    it.skipIf(!existsSync(path))(`${c.file}: every token and tag comes back, counts match${existsSync(path) ? '' : ' (skipped: ../shared/data/conll2002-es is absent)'}`, async () => {
      const dir = await tmp();
      const jsonl = join(dir, `${c.file}.jsonl.gz`);
      const back = join(dir, `${c.file}.conll`);
      await writeJsonl(jsonl, readConll(path));
      const examples = await collect(readJsonl<ConllExample>(jsonl));
      const counts = {
        sentences: examples.length,
        tokens: examples.reduce((n, e) => n + e.tokens!.length, 0),
        entities: examples.reduce((n, e) => n + e.spans!.length, 0),
      };
      console.log(`${c.file}: ${counts.sentences} sentences, ${counts.tokens} tokens, ${counts.entities} entities`);
      expect(counts).toEqual({ sentences: c.sentences, tokens: c.tokens, entities: c.entities });
      // Spans point at their words in the text, in code points.
      for (const e of examples.slice(0, 500)) for (const s of e.spans!) {
        expect(sliceCodePoints(e.text, s.start, s.end)).toBe(e.tokens!.slice(s.token_start, s.token_end + 1).map((t) => t.text).join(' '));
      }
      expect(await writeConll(back, examples)).toBe(c.sentences);
      const [orig, copy] = [await readFile(path, 'utf8'), await readFile(back, 'utf8')];
      const a = orig.split('\n'), b = copy.split('\n');
      const firstDiff = a.findIndex((l, i) => l !== b[i]);
      expect(firstDiff === -1 ? null : `line ${firstDiff + 1}: ${a[firstDiff]} != ${b[firstDiff]}`).toBeNull();
      expect(copy).toBe(orig); // byte for byte, including the single final newline
    });
  }
});

describe('AnCora sample round trip (committed, CC BY 4.0: runs on a fresh clone)', () => {
  it('tab-separated CoNLL -> JSONL -> CoNLL gives back the file byte for byte; counts match its README', async () => {
    const path = join(import.meta.dirname, '__fixtures__/ancora-es/dev-every10th.tsv');
    const dir = await tmp();
    const jsonl = join(dir, 'ancora.jsonl.gz');
    await writeJsonl(jsonl, readConll(path));
    const examples = await collect(readJsonl<ConllExample>(jsonl));
    const labels: Record<string, number> = {};
    for (const e of examples) for (const s of e.spans!) labels[s.label] = (labels[s.label] ?? 0) + 1;
    expect([examples.length, examples.reduce((n, e) => n + e.tokens!.length, 0)]).toEqual([300, 9_275]);
    expect(labels).toEqual({ PER: 171, ORG: 156, LOC: 108, NUM: 76, DATE: 53, MISC: 48 });
    for (const e of examples) for (const s of e.spans!) {
      expect(sliceCodePoints(e.text, s.start, s.end)).toBe(e.tokens!.slice(s.token_start, s.token_end + 1).map((t) => t.text).join(' '));
    }
    const back = join(dir, 'back.tsv');
    expect(await writeConll(back, examples, { separator: '\t' })).toBe(300);
    expect(await readFile(back, 'utf8')).toBe(await readFile(path, 'utf8'));
  });
});

describe('readConll', () => {
  it('keeps invalid IOB and other schemes exactly, and reads them leniently into spans', async () => {
    const content = 'Según O\nel O\nFondo I-ORG\nMonetario I-ORG\n, O\nMadrid U-LOC\ncrece O\n\nLa B-PER\nCaixa E-PER\n';
    const path = await conllFile(content);
    const [a, b] = await collect(readConll(path));
    expect(a!.text).toBe('Según el Fondo Monetario , Madrid crece');
    expect(a!.spans!.map((s) => [s.label, sliceCodePoints(a!.text, s.start, s.end)])).toEqual([['ORG', 'Fondo Monetario'], ['LOC', 'Madrid']]);
    expect(a!._conll_tags).toEqual(['O', 'O', 'I-ORG', 'I-ORG', 'O', 'U-LOC', 'O']);
    expect(a!.meta).toEqual({ source: path, line: 1 });
    expect(b!.meta).toEqual({ source: path, line: 9 });
    const out = join(await tmp(), 'out.conll');
    await writeConll(out, [a!, b!]);
    expect(await readFile(out, 'utf8')).toBe(content);
    // Once the spans change, the stale raw tags are not used: the tags come from the spans.
    expect(formatConll({ ...a!, spans: a!.spans!.slice(1) })).toContain('Fondo O\n');
    expect(formatConll(a!, { scheme: 'IOB2' })).toContain('Fondo B-ORG\nMonetario I-ORG\n');
    expect(formatConll(a!, { scheme: 'BILUO' })).toContain('Fondo B-ORG\nMonetario L-ORG\n');
  });

  it('leaves valid IOB2 without _conll_tags, skips -DOCSTART- and reads tab-separated tokens with spaces', async () => {
    const path = await conllFile('-DOCSTART- -X- O\n\nNueva York\tB-LOC\nes\tO\n\n\n\nmuy\tO\ngrande\tO\n');
    const ex = await collect(readConll(path));
    expect(ex).toHaveLength(2);
    expect(ex[0]!.tokens!.map((t) => t.text)).toEqual(['Nueva York', 'es']);
    expect(ex[0]!._conll_tags).toBeUndefined();
    expect(typeof ex[0]!._input_hash).toBe('number');
    expect(formatConll(ex[0]!, { separator: '\t' })).toBe('Nueva York\tB-LOC\nes\tO\n');
    expect(() => formatConll(ex[0]!)).toThrow(/holds the column separator/);
  });

  it('reads the INDEX TOKEN TAG form and maps labels (AnCora DATE/NUM -> O)', async () => {
    const wiki = await conllFile('0\tElla\tO\n1\tcantó\tO\n2\ten\tO\n3\tCiudad\tB-LOC\n4\tde\tI-LOC\n5\tMéxico\tI-LOC\n\n0\t2012\tO\n');
    const [w] = await collect(readConll(wiki));
    expect(w!.text).toBe('Ella cantó en Ciudad de México');
    expect(w!.spans).toMatchObject([{ label: 'LOC', token_start: 3, token_end: 5 }]);
    const ancora = await conllFile('BT\tB-ORG\nredujo\tO\nel\tO\n39,9%\tB-NUM\nhasta\tO\nJunio\tB-DATE\n');
    const [x] = await collect(readConll(ancora, { labelMap: parseLabelMap('DATE=O, NUM=O, ORG=ORGANIZACION') }));
    expect(x!.spans!.map((s) => s.label)).toEqual(['ORGANIZACION']);
    expect(x!._conll_tags).toBeUndefined();
    expect(() => parseLabelMap('DATE')).toThrow(/FROM=TO/);
  });

  it('reads the real AnCora and WikiNEuRal files with their published entity counts', async () => {
    const ancora = join(DATA, 'ner-es-extra/ancora-es-ner/dev.tsv');
    const wiki = join(DATA, 'ner-es-extra/wikineural-es-val-test-NC/val.conllu');
    if (!existsSync(ancora) || !existsSync(wiki)) return void console.log('skipped: ../shared/data/ner-es-extra is absent');
    const a = await collect(readConll(ancora, { labelMap: { DATE: 'O', NUM: 'O' } }));
    expect([a.length, a.reduce((n, e) => n + e.spans!.length, 0)]).toEqual([2_992, 6_351 - 491 - 840]);
    const w = await collect(readConll(wiki));
    expect([w.length, w.reduce((n, e) => n + e.tokens!.length, 0), w.reduce((n, e) => n + e.spans!.length, 0)]).toEqual([9_540, 222_988, 15_367]);
  });

  it('names file and line for malformed input', async () => {
    const cases: [string, RegExp][] = [
      ['El O\nBanco\nde O\n', /:2: expected "TOKEN TAG" columns, got "Banco"/],
      ['El O\nBanco B_ORG\n', /:2: 'B_ORG' is not a tag/],
    ];
    for (const [content, re] of cases) {
      const path = await conllFile(content);
      await expect(collect(readConll(path))).rejects.toSatisfy((e: NerError) => re.test(e.located));
    }
    const strict = await conllFile('Hola O\n\nEl O\nBanco O\nde I-ORG\n');
    await expect(collect(readConll(strict, { strict: true }))).rejects.toSatisfy((e: NerError) =>
      e.code === 'E_CORPUS_BAD_TAG' && e.line === 5 && e.located.startsWith(`${strict}:5: Invalid IOB2 sequence`));
    const latin1 = await conllFile(Buffer.concat([Buffer.from('Hola O\n\n'), Buffer.from('Espa\xf1a B-LOC\n', 'latin1')]) as never);
    await expect(collect(readConll(latin1))).rejects.toSatisfy((e: NerError) =>
      e.code === 'E_CORPUS_ENCODING' && e.located === `${latin1}:3: the line is not valid UTF-8`);
  });
});
