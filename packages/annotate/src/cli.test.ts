import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordingContext, type CommandContext } from '@nerflow/core';
import { tokenize } from '@nerflow/corpus';
import { commands } from './cli.js';
import { defaultUiDir } from './static-ui.js';
import { SENTENCES } from './__fixtures__/sentences.js';

let dir: string;
let db: string;
beforeEach(() => { dir = mkdtempSync(path.join(os.tmpdir(), 'nerflow-cli-')); db = path.join(dir, 'cli.db'); });
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Runs a command as the nerflow binary would (options through its zod schema); returns exit code and stdout. */
async function run(name: string, options: Record<string, unknown>, abort?: AbortController, onOutput?: (text: string) => void) {
  const spec = commands.find((c) => c.name === name)!;
  const out = new PassThrough();
  let text = '';
  out.on('data', (d) => { text += d; onOutput?.(text); });
  const ctx: CommandContext = {
    ...recordingContext(), signal: abort?.signal ?? new AbortController().signal,
    stdout: out, stderr: new PassThrough(), stdin: new PassThrough(), verbose: false, isTTY: false,
  };
  const code = (await spec.run(spec.options.parse(options), ctx)) ?? 0;
  return { code, text };
}

const line = (text: string, session: string, spans: [number, number, string][] = []) => {
  const tokens = tokenize(text);
  // Real token indices: db import validates spans like `nerflow validate`.
  return JSON.stringify({
    text, tokens, answer: 'accept', _session_id: session,
    spans: spans.map(([s, e, label]) => ({ start: s, end: e, token_start: tokens.findIndex((t) => t.start === s), token_end: tokens.findIndex((t) => t.end === e), label })),
  });
};

describe('nerflow db', () => {
  it('import twice adds nothing; stats, export, merge, agreement and drop work on the result', async () => {
    const file = path.join(dir, 'in.jsonl');
    writeFileSync(file, [
      line(SENTENCES[0]!, 'ana', [[0, 10, 'PLATAFORMA'], [21, 24, 'METRICA']]),
      line(SENTENCES[0]!, 'luis', [[0, 10, 'PLATAFORMA']]),
      line(SENTENCES[1]!, 'ana', [[14, 22, 'PLATAFORMA']]),
      line(SENTENCES[1]!, 'luis', [[14, 22, 'PLATAFORMA']]),
    ].join('\n'));
    expect((await run('db import', { dataset: 'mkt', file, db })).text).toMatch(/Imported 4 new example\(s\) into mkt; 0 were/);
    expect((await run('db import', { dataset: 'mkt', file, db })).text).toMatch(/Imported 0 new example\(s\) into mkt; 4 were/);

    const stats = (await run('db stats', { dataset: 'mkt', db })).text;
    expect(stats).toMatch(/mkt: 4 examples \(2 texts\) — accept 4/);
    expect(stats).toMatch(/PLATAFORMA\s+4 accepted spans/);
    expect(stats).toMatch(/ana\s+2 \(accept 2/);
    expect((await run('db stats', { db })).text).toMatch(/1 dataset\(s\)\n\s+mkt\s+4 examples/);

    const out = path.join(dir, 'out.jsonl');
    expect((await run('db export', { dataset: 'mkt', out, db, session: 'luis' })).text).toMatch(/Exported 2 example/);
    expect(readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l)._session_id)).toEqual(['luis', 'luis']);

    const agree = (await run('db agreement', { dataset: 'mkt', db })).text;
    expect(agree).toMatch(/ana vs luis: F1 80\.0% on 2 shared text/);

    expect((await run('db merge', { sources: 'mkt', target: 'mkt_all', collapse: 'gold', db })).text).toMatch(/into mkt_all: 3 added, 1 already there/);
    expect((await run('db drop', { dataset: 'mkt_all', db })).text).toMatch(/Dropped mkt_all \(3 examples\)/);
    expect((await run('db drop', { dataset: 'mkt_all', db })).code).toBe(1);
  });

  it('unknown datasets fail with the list of those that exist', async () => {
    await run('db import', { dataset: 'marketing', file: writeTmp(line(SENTENCES[2]!, 'ana')), db });
    await expect(run('db stats', { dataset: 'marketin', db })).rejects.toMatchObject({ code: 'E_STORE_NO_DATASET', hint: expect.stringContaining('marketing') });
  });
});

describe('nerflow annotate', () => {
  it('starts, prints its URL, serves the API, and stops on Ctrl-C (abort)', async () => {
    const uiDir = path.join(dir, 'ui');
    writeTmp('<!doctype html><title>nerflow</title>', path.join(uiDir, 'index.html'));
    const source = writeTmp(SENTENCES.map((text) => JSON.stringify({ text })).join('\n'));
    const spec = commands.find((c) => c.name === 'annotate')!;
    expect(spec.args!.map((a) => a.key)).toEqual(['dataset', 'source']);
    const { annotate } = await import('./annotate.js');
    const abort = new AbortController();
    const h = await annotate({ dataset: 'mkt', source, labels: ['PLATAFORMA', 'METRICA'], port: 0, db }, { ...recordingContext(), signal: abort.signal }, { uiDir });
    expect(h.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(await (await fetch(`${h.url}api/config`)).json()).toMatchObject({ labels: ['PLATAFORMA', 'METRICA'], mode: 'manual' });
    expect(await (await fetch(h.url)).text()).toContain('<title>nerflow</title>');
    abort.abort();
    await h.closed;
    await expect(fetch(`${h.url}api/config`)).rejects.toThrow();
  });
});

describe.skipIf(!existsSync(path.join(defaultUiDir(), 'index.html')))('nerflow annotate (with the built page)', () => {
  it('prints the URL and stops with a summary on Ctrl-C', async () => {
    const source = writeTmp(SENTENCES.map((text) => JSON.stringify({ text })).join('\n'));
    const abort = new AbortController();
    const done = run('annotate', { dataset: 'mkt', source, labels: ['PLATAFORMA'], port: 0, db }, abort, (text) => {
      if (text.includes('http://')) abort.abort();
    });
    const { code, text } = await done;
    expect(code).toBe(0);
    expect(text).toMatch(/Annotating mkt \(manual\) at http:\/\/127\.0\.0\.1:\d+\//);
    expect(text).toMatch(/Stopped\. 0 answer\(s\) this run; mkt now has 0 examples/);
  });

  it('review: prints what is reviewed and the agreement per label before review', async () => {
    const text0 = SENTENCES[0]!; // 'Google Ads mejoró el CTR un 12% en el tercer trimestre.'
    await run('db import', { dataset: 'ana_q3', file: writeTmp([line(text0, 'ana', [[0, 10, 'PLATAFORMA'], [21, 24, 'METRICA']])].join('\n')), db });
    await run('db import', { dataset: 'luis_q3', file: writeTmp([line(text0, 'luis', [[0, 10, 'PLATAFORMA']])].join('\n')), db });
    const abort = new AbortController();
    const { code, text } = await run('annotate', { dataset: 'revisado', mode: 'review', from: 'ana_q3,luis_q3', port: 0, db }, abort, (t) => {
      if (t.includes('http://')) abort.abort();
    });
    expect(code).toBe(0);
    expect(text).toContain('Reviewing 1 text(s) answered by ana_q3, luis_q3\n');
    expect(text).toMatch(/agreement before review \(entity F1 between ana_q3, luis_q3\): 66\.7\n/);
    expect(text).toMatch(/ {2}PLATAFORMA +F1 100\.0 \(1 agreed of 1\/1\)\n {2}METRICA +F1 0\.0 \(0 agreed of 1\/0\)/);
    expect(text).toMatch(/Annotating revisado \(review\) at http/);
  });

  it('review without --from, or another mode without a source, is refused with what to pass', async () => {
    await expect(run('annotate', { dataset: 'revisado', mode: 'review', port: 0, db })).rejects.toMatchObject({ code: 'E_ANNOTATE_BAD_OPTIONS', hint: expect.stringContaining('--from') });
    await expect(run('annotate', { dataset: 'mkt', labels: ['PLATAFORMA'], port: 0, db })).rejects.toMatchObject({ code: 'E_ANNOTATE_BAD_OPTIONS' });
  });
});

function writeTmp(content: string, file = path.join(dir, `f${Math.random().toString(36).slice(2)}.jsonl`)): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
  return file;
}
