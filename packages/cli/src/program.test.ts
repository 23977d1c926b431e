import { defineCommand, NerError } from '@nerflow/core';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runCli } from './program.js';

/** Streams that collect what the CLI writes; colour is said explicitly, so FORCE_COLOR/TERM in the environment change nothing. */
function io(color = false) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  return { io: { stdout, stderr, stdin: new PassThrough(), color }, out: () => out, err: () => err };
}

const seen: unknown[] = [];
const demo = defineCommand({
  name: 'demo run',
  summary: 'A demo command',
  args: [{ name: 'paths', key: 'paths', description: 'input files', variadic: true }],
  options: z.object({
    paths: z.array(z.string()).min(1),
    out: z.string().describe('output folder'),
    maxEpochs: z.number().int().positive().default(5).describe('epochs'),
    unit: z.enum(['sentence', 'paragraph']).default('sentence'),
    labels: z.array(z.string()).default([]),
    strict: z.boolean().default(false),
  }),
  short: { out: 'o' },
  async run(options, ctx) {
    seen.push(options);
    ctx.progress({ unit: 'files', done: 1, total: 1 });
    if (options.out === 'boom') throw new NerError('E_DEMO_BOOM', 'La carpeta no existe.', { hint: 'Créala primero.', file: 'informe.pdf', line: 3 });
    ctx.stdout.write(`ok ${options.paths.length}\n`);
  },
});

describe('runCli', () => {
  it('derives flags from the schema: kebab-case, numbers, enums, arrays, short flags and defaults', async () => {
    const t = io();
    const code = await runCli([demo], ['demo', 'run', 'a.pdf', 'b.pdf', '-o', 'salida', '--max-epochs', '7', '--labels', 'PLATAFORMA,METRICA', '--strict'], t.io);
    expect(code).toBe(0);
    expect(t.out()).toBe('ok 2\n');
    expect(seen.at(-1)).toEqual({ paths: ['a.pdf', 'b.pdf'], out: 'salida', maxEpochs: 7, unit: 'sentence', labels: ['PLATAFORMA', 'METRICA'], strict: true });
  });

  it('exits 2 with a one-line message on a usage error', async () => {
    const t = io();
    expect(await runCli([demo], ['demo', 'run', 'a.pdf', '-o', 'x', '--max-epochs', 'muchas'], t.io)).toBe(2);
    expect(t.err()).toContain('--max-epochs expects a number');
    const t2 = io();
    expect(await runCli([demo], ['demo', 'run', 'a.pdf', '--unit', 'página', '-o', 'x'], t2.io)).toBe(2);
    const t3 = io();
    expect(await runCli([demo], ['demo', 'run', 'a.pdf'], t3.io)).toBe(2);
    expect(t3.err()).toContain('--out');
  });

  it('exits 1 and prints [CODE] file:line: message plus the hint, with no stack unless --verbose', async () => {
    const t = io();
    expect(await runCli([demo], ['demo', 'run', 'a.pdf', '-o', 'boom'], t.io)).toBe(1);
    expect(t.err()).toContain('[E_DEMO_BOOM] informe.pdf:3: La carpeta no existe.');
    expect(t.err()).toContain('hint: Créala primero.');
    expect(t.err()).not.toContain('    at ');
    const v = io();
    await runCli([demo], ['demo', 'run', 'a.pdf', '-o', 'boom', '--verbose'], v.io);
    expect(v.err()).toContain('    at ');
  });

  it('colours the error code only when asked to (Io.color), whatever FORCE_COLOR says', async () => {
    const plain = io(false);
    await runCli([demo], ['demo', 'run', 'a.pdf', '-o', 'boom'], plain.io);
    expect(plain.err()).not.toContain('\x1b[');
    const coloured = io(true);
    await runCli([demo], ['demo', 'run', 'a.pdf', '-o', 'boom'], coloured.io);
    expect(coloured.err()).toContain('\x1b[31m[E_DEMO_BOOM]\x1b[39m informe.pdf:3: La carpeta no existe.');
  });

  it('lists commands in --help and exits 0', async () => {
    const t = io();
    expect(await runCli([demo], ['--help'], t.io)).toBe(0);
    expect(t.out()).toContain('demo');
    const t2 = io();
    expect(await runCli([demo], ['demo', 'run', '--help'], t2.io)).toBe(0);
    expect(t2.out()).toContain('--max-epochs <max-epochs>');
  });
});

describe('runCli with nested commands', () => {
  const leaf = (name: string) => defineCommand({
    name, summary: `the ${name} command`,
    args: [{ name: 'file', key: 'file', description: 'a file', required: false }],
    options: z.object({ file: z.string().optional() }),
    async run(o, ctx) { ctx.stdout.write(`${name}:${o.file ?? '-'}\n`); },
  });

  it('lets a command also be the parent of others (eval and eval curve)', async () => {
    const specs = [leaf('eval'), leaf('eval curve'), leaf('db export')];
    const t = io();
    expect(await runCli(specs, ['eval', 'modelo'], t.io)).toBe(0);
    expect(await runCli(specs, ['eval', 'curve', 'datos.jsonl'], t.io)).toBe(0);
    expect(await runCli(specs, ['db', 'export', 'x'], t.io)).toBe(0);
    expect(t.out()).toBe('eval:modelo\neval curve:datos.jsonl\ndb export:x\n');
  });
});
