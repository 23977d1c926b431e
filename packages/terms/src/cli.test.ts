import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { quietContext, type CommandContext, type CommandSpec } from '@nerflow/core';
import { commands } from './cli.js';
import { clusterRows, toVecText } from './__fixtures__/clusters.js';
import { VectorStore } from './vector-store.js';

/** Runs one command as the nerflow binary would (options through its zod schema), capturing stdout. */
async function run(name: string, raw: Record<string, unknown>, stdin = ''): Promise<string> {
  const spec = commands.find((c) => c.name === name) as CommandSpec;
  const stdout = new PassThrough();
  let out = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  const input = new PassThrough();
  input.end(stdin);
  const ctx: CommandContext = { ...quietContext(), stdout, stderr: new PassThrough(), stdin: input, verbose: false, isTTY: false };
  await spec.run(spec.options.parse(raw), ctx);
  return out;
}

describe('terms CLI commands', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'nerflow-terms-cli-'));
  const { words, rows } = clusterRows(12);
  const vec = path.join(dir, 'clusters.vec');
  writeFileSync(vec, toVecText(words, rows));
  const store = path.join(dir, 'v.nfv');
  const db = path.join(dir, 'n.db');

  it('loads .vec text, lists neighbours, teaches from piped keys, writes patterns and matches', async () => {
    expect(await run('vectors load', { file: vec, out: store })).toMatch(/v\.nfv: 32 words x 12 dims/);
    const pruned = path.join(dir, 'pruned.nfv');
    expect(await run('vectors load', { file: store, out: pruned, maxWords: 5 })).toMatch(/pruned\.nfv: 5 words x 12 dims/);
    const [full, few] = [VectorStore.load(store), VectorStore.load(pruned)];
    expect(few.words).toEqual(full.words.slice(0, 5));
    expect(Array.from(few.matrix)).toEqual(Array.from(full.matrix.subarray(0, 5 * 12)));
    const nn = (await run('vectors neighbours', { vectors: store, term: 'http', n: 3 })).trim().split('\n');
    expect(nn).toHaveLength(3);
    expect(nn.every((l) => /^\d\.\d{3} {2}(tcp|udp|ftp|smtp|tcp\/ip|ssh)$/.test(l))).toBe(true);
    const teach = await run('terms teach', { vectors: store, seeds: ['http', 'ftp'], label: 'PROTOCOLO', dataset: 'protocolos', db }, 'aaaaaq');
    expect(teach).toMatch(/protocolos: 5 answers this run \(0 before\); 5 accepted terms for PROTOCOLO/);
    const patterns = path.join(dir, 'p.jsonl');
    expect(await run('terms to-patterns', { dataset: 'protocolos', label: 'PROTOCOLO', db, out: patterns })).toMatch(/5 patterns from 5 accepted terms/);
    expect(readFileSync(patterns, 'utf8').split('\n')[0]).toBe('{"label":"PROTOCOLO","pattern":[{"lower":"http"}]}');
    const corpus = path.join(dir, 'c.jsonl');
    writeFileSync(corpus, JSON.stringify({ text: 'El servidor atiende HTTP y FTP en la red de la universidad.' }) + '\n');
    const summary = await run('terms match', { corpus, patterns, out: path.join(dir, 'm.jsonl') });
    expect(summary).toMatch(/1 examples, \d+ tokens, 2 matches/);
    expect(summary).toMatch(/1 {2}PROTOCOLO {2}http/);
  });

  it('trains vectors from a text corpus with the wasm engine and reports the shape', async () => {
    const corpus = path.join(dir, 'apuntes.txt');
    const line = 'El alumno compila el programa con gcc y lo depura con gdb en la base de datos del laboratorio.';
    writeFileSync(corpus, `${line}\n`.repeat(60));
    const out = await run('vectors train', { corpus, out: path.join(dir, 't.nfv'), engine: 'wasm', dim: 8, epochs: 2, minCount: 2, bucket: 2000, seed: 4 });
    expect(out).toMatch(/t\.nfv: \d+ words x 8 dims \(fastText wasm, 1140 tokens, \d+ phrases\)/);
    const nn = await run('vectors neighbours', { vectors: path.join(dir, 't.nfv'), term: 'compiladores', n: 2 });
    expect(nn).toMatch(/^\(compiladores is not in the vocabulary: subword vector\)\n/);
  });

  it('explains an unknown term when the vectors have no subword model', async () => {
    await expect(run('vectors neighbours', { vectors: store, term: 'kubernetes' })).rejects.toMatchObject({ code: 'E_TERMS_OOV' });
    await expect(run('vectors neighbours', { vectors: path.join(dir, 'nada.nfv'), term: 'http' })).rejects.toMatchObject({ code: 'E_TERMS_NO_VECTORS' });
  });
});
