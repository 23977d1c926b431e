import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { NerError } from './errors.js';
import { openCorpus, readCorpus, resolveFormat, type LocatedExample } from './open-corpus.js';
import type { SourceReader } from './sources.js';
import type { Example } from './types.js';

const ANCORA = join(import.meta.dirname, '__fixtures__/ancora-es/dev-every10th.tsv');
const HOSTILE = join(import.meta.dirname, '__fixtures__/hostile');
const tmp = () => mkdtemp(join(tmpdir(), 'nerflow-open-corpus-'));
const collect = async (it: AsyncIterable<LocatedExample>) => { const out: LocatedExample[] = []; for await (const x of it) out.push(x); return out; };
const rejection = async (p: Promise<unknown>) => p.then(() => { throw new Error('expected a rejection'); }, (e: NerError) => e);

const RECORDS: Example[] = [
  { text: 'Ana Pérez trabaja en Telefónica desde 2019.', spans: [{ start: 0, end: 9, token_start: 0, token_end: 1, label: 'PER' }] },
  { text: 'El congreso se celebró en Sevilla.' },
];
const JSONL = RECORDS.map((r) => JSON.stringify(r)).join('\n') + '\n';

describe('openCorpus: one reader for every source', () => {
  it('reads JSONL and .jsonl.gz alike, each example with its file and line', async () => {
    const dir = await tmp();
    await writeFile(join(dir, 'a.jsonl'), JSONL);
    await writeFile(join(dir, 'a.jsonl.gz'), gzipSync(JSONL));
    for (const f of ['a.jsonl', 'a.jsonl.gz']) {
      const got = await readCorpus(join(dir, f));
      expect(got.map((x) => [x.example.text, x.source, x.line])).toEqual([[RECORDS[0]!.text, join(dir, f), 1], [RECORDS[1]!.text, join(dir, f), 2]]);
    }
  });

  it('reads the AnCora sample as CoNLL from its content (a .tsv name says nothing): 300 sentences, 612 entities', async () => {
    expect((await resolveFormat(ANCORA)).format).toBe('conll');
    const got = await readCorpus(ANCORA);
    expect(got).toHaveLength(300);
    expect(got.reduce((n, x) => n + x.example.spans!.length, 0)).toBe(612);
    expect(got[0]!.line).toBe(1);
    expect(got[1]!.line).toBe(got[0]!.example.tokens!.length + 2); // the sentence after the blank line
    expect(got[0]!.example.text.startsWith('Cansado pero contento ,')).toBe(true);
  });

  it('maps labels while reading CoNLL (DATE and NUM to O, as es-base is trained)', async () => {
    const got = await readCorpus(ANCORA, { labelMap: { DATE: 'O', NUM: 'O' } });
    const labels = new Set(got.flatMap((x) => x.example.spans!.map((s) => s.label)));
    expect([...labels].sort()).toEqual(['LOC', 'MISC', 'ORG', 'PER']);
  });

  it('sniffs stdin (-): CoNLL piped in is read as CoNLL, named <stdin>', async () => {
    const stdin = Readable.from([readFileSync(ANCORA)]);
    const got = await collect(openCorpus('-', { stdin }));
    expect(got).toHaveLength(300);
    expect(got[0]!.source).toBe('<stdin>');
  });

  it('reads Prodigy JSONL with format "prodigy": tokens and token indices filled in', async () => {
    const dir = await tmp();
    const f = join(dir, 'prodigy.jsonl');
    await writeFile(f, JSON.stringify({ text: 'Visitamos Granada en mayo.', spans: [{ start: 10, end: 17, label: 'LOC' }] }) + '\n');
    const [x] = await readCorpus(f, { format: 'prodigy' });
    expect(x!.example.tokens!.map((t) => t.text)).toEqual(['Visitamos', 'Granada', 'en', 'mayo', '.']);
    expect(x!.example.spans![0]).toMatchObject({ token_start: 1, token_end: 1, label: 'LOC' });
  });

  it('reads plain text, one example per non-empty line, only when asked to', async () => {
    const dir = await tmp();
    const f = join(dir, 'notas.txt');
    await writeFile(f, 'Primera línea de texto.\n\nSegunda línea, ya en Madrid.\n');
    expect((await readCorpus(f, { plainText: true })).map((x) => [x.example.text, x.line])).toEqual([['Primera línea de texto.', 1], ['Segunda línea, ya en Madrid.', 3]]);
    expect(await rejection(readCorpus(f))).toMatchObject({ code: 'E_CORPUS_UNKNOWN_FORMAT', file: f });
  });

  it('reads SCHEME:NAME sources through the reader given, and checks what it yields', async () => {
    const stored: Example[] = [{ text: 'Luis abrió una tienda en Bilbao.', answer: 'accept' }];
    const seen: unknown[] = [];
    const db: SourceReader = async function* (name, options) { seen.push([name, options.db]); yield* stored; };
    const got = await readCorpus('db:tiendas', { readers: { db }, db: '/tmp/x.db' });
    expect(got).toEqual([{ example: stored[0], source: 'db:tiendas', line: undefined }]);
    expect(seen).toEqual([['tiendas', '/tmp/x.db']]);
    const bad: SourceReader = async function* () { yield { texto: 'sin text' } as unknown as Example; };
    expect(await rejection(readCorpus('db:raro', { readers: { db: bad } }))).toMatchObject({ code: 'E_CORPUS_SCHEMA', file: 'db:raro' });
  });

  it('validates every record when asked, and skips bad ones after reporting them', async () => {
    const dir = await tmp();
    const f = join(dir, 'mixto.jsonl');
    await writeFile(f, [JSON.stringify(RECORDS[1]), JSON.stringify({ text: 'Corto.', spans: [{ start: 0, end: 40, label: 'X' }] }), '{roto', JSON.stringify(RECORDS[1])].join('\n'));
    expect(await rejection(readCorpus(f, { validate: true }))).toMatchObject({ code: 'E_CORPUS_SPAN_OUT_OF_RANGE', file: f, line: 2 });
    const skipped: NerError[] = [];
    const got = await readCorpus(f, { validate: true, onError: 'skip', onSkip: (e) => skipped.push(e) });
    expect(got.map((x) => x.line)).toEqual([1, 4]);
    expect(skipped.map((e) => [e.code, e.line])).toEqual([['E_CORPUS_SPAN_OUT_OF_RANGE', 2], ['E_CORPUS_BAD_JSON', 3]]);
  });
});

describe('openCorpus: bad input is an E_CORPUS_* error naming file:line and what to do', () => {
  it('a bad JSON line', async () => {
    const f = join(HOSTILE, 'bad-line-50.jsonl');
    const e = await rejection(readCorpus(f));
    expect(e).toMatchObject({ code: 'E_CORPUS_BAD_JSON', file: f, line: 50 });
    expect(e.hint).toMatch(/one JSON object/);
  });

  it('a record without text', async () => {
    const dir = await tmp();
    const f = join(dir, 'sin-texto.jsonl');
    await writeFile(f, `${JSON.stringify(RECORDS[1])}\n${JSON.stringify({ texto: 'El campo se llama mal.' })}\n`);
    const e = await rejection(readCorpus(f));
    expect(e).toMatchObject({ code: 'E_CORPUS_SCHEMA', file: f, line: 2, message: 'the record has no "text" string' });
    expect(e.hint).toMatch(/\{"text": "\.\.\."\}/);
  });

  it('a CoNLL file without blank lines between sentences', async () => {
    const f = join(HOSTILE, 'no-blank-lines.conll');
    const e = await rejection(readCorpus(f));
    expect(e).toMatchObject({ code: 'E_CORPUS_CONLL_FORMAT', file: f, line: 1 });
    expect(e.message).toMatch(/one sentence of \d+ tokens/);
    expect(e.hint).toMatch(/empty line after each sentence/);
  });

  it('a missing file', async () => {
    const f = join(await tmp(), 'no-existe.jsonl');
    const e = await rejection(readCorpus(f));
    expect(e).toMatchObject({ code: 'E_CORPUS_NOT_FOUND', file: f });
    expect(e.hint).toMatch(/db:DATASET/);
  });

  it('db: when no package registered a reader for it', async () => {
    const e = await rejection(readCorpus('db:marketing'));
    expect(e).toMatchObject({ code: 'E_CORPUS_UNKNOWN_SOURCE', file: 'db:marketing' });
    expect(e.hint).toMatch(/@nerflow\/store/);
  });

  it('a malformed CoNLL line, at its line', async () => {
    const dir = await tmp();
    const f = join(dir, 'roto.conll');
    await writeFile(f, 'Ana B-PER\nvive O\n\nen\nMadrid B-LOC\n');
    expect(await rejection(readCorpus(f))).toMatchObject({ code: 'E_CORPUS_CONLL_FORMAT', file: f, line: 4 });
  });
});
