import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import type { CommandSpec } from '@nerflow/core';
import { describe, expect, it } from 'vitest';
import { allCommands } from './commands.js';
import { runCli } from './program.js';

/**
 * Every `nerflow` / `npx nerflow` command in a fenced block of README.md and docs/*.md must parse
 * against the real CLI (command, flags, values), and the safe ones run for real on the bundled
 * example, so the docs cannot drift from the tool.
 */
const ROOT = resolve(import.meta.dirname, '../../..');
const LAUNCHER = join(ROOT, 'packages/cli/bin/nerflow.mjs');
const BUILT = existsSync(join(ROOT, 'packages/cli/dist/commands.json'));

interface DocCommand { file: string; line: number; text: string; argv: string[]; env: Record<string, string> }

/** Splits a shell command line into words (quotes, escapes), stopping at a comment, pipe or redirect. */
function shellWords(line: string): string[] {
  const out: string[] = [];
  let word: string | undefined;
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      else word = (word ?? '') + c;
    } else if (c === '"' || c === "'") {
      quote = c;
      word ??= '';
    } else if (c === '\\' && i + 1 < line.length) {
      word = (word ?? '') + line[++i];
    } else if (/\s/.test(c)) {
      if (word !== undefined) out.push(word);
      word = undefined;
    } else if ((c === '#' && word === undefined) || c === '|' || c === '>' || c === ';' || c === '&') {
      break;
    } else {
      word = (word ?? '') + c;
    }
  }
  if (word !== undefined) out.push(word);
  return out;
}

/** The nerflow commands in the fenced blocks of a Markdown file, continuation lines joined. */
function docCommands(file: string): DocCommand[] {
  const text = readFileSync(file, 'utf8');
  const out: DocCommand[] = [];
  const lines = text.split('\n');
  let fenced = false;
  for (let i = 0; i < lines.length; i++) {
    if (/^\s*```/.test(lines[i]!)) { fenced = !fenced; continue; }
    if (!fenced) continue;
    const at = i;
    let cmd = lines[i]!.trim();
    while (cmd.endsWith('\\') && i + 1 < lines.length) cmd = `${cmd.slice(0, -1)} ${lines[++i]!.trim()}`;
    const words = shellWords(cmd.replace(/^\$ /, ''));
    const env: Record<string, string> = {};
    while (words.length && /^[A-Z_]+=/.test(words[0]!)) { const [k, ...v] = words.shift()!.split('='); env[k!] = v.join('='); }
    if (words[0] === 'npx') words.shift();
    if (words[0] !== 'nerflow') continue;
    out.push({ file: file.slice(ROOT.length + 1), line: at + 1, text: cmd, argv: words.slice(1), env });
  }
  return out;
}

const files = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
const documented = files.flatMap((f) => docCommands(join(ROOT, f)));
const key = (c: DocCommand) => `${c.file}:${c.line}`;

function io() {
  const stdout = new PassThrough(), stderr = new PassThrough();
  let err = '';
  stderr.on('data', (d) => (err += d));
  stdout.resume();
  return { io: { stdout, stderr, stdin: new PassThrough(), color: false }, err: () => err };
}

describe('commands in README.md and docs/*.md', () => {
  it('are found (the extraction works)', () => {
    expect(documented.length).toBeGreaterThan(20);
    expect(documented.map((c) => c.argv.slice(0, 2).join(' '))).toContain('predict es-base');
  });

  it('each parse against the CLI: the command exists, its flags and values are valid', async () => {
    const seen: string[] = [];
    // The real specs with a run that only records: parsing and zod validation are the real ones.
    const dry = (await allCommands()).map((s): CommandSpec => ({ ...s, async run() { seen.push(s.name); return 0; } }));
    const failures: string[] = [];
    for (const c of documented) {
      const t = io();
      const before = seen.length;
      const code = await runCli(dry, c.argv, t.io);
      const help = c.argv.length === 0 || c.argv.includes('--help') || c.argv.includes('-h') || c.argv.includes('--version');
      if (code !== 0 || seen.length !== before + (help ? 0 : 1)) failures.push(`${key(c)}: ${c.text}\n    exit ${code}: ${t.err().trim()}`);
    }
    expect(failures).toEqual([]);
  });
});

/** Documented commands not run for real here, and why (they still pass the parse check above). */
const NOT_RUN: Record<string, string> = {
  annotate: 'starts a web server and waits for Ctrl-C',
  train: 'minutes of CPU (the example pipeline test trains on es-base)',
  pretrain: 'minutes of CPU',
  'eval curve': 'trains a model per arm, size and seed (eval-curve-arms.test.ts runs a small one for real)',
  'vectors train': 'needs fastText and the transcript\'s PDFs',
  'vectors neighbours': 'needs the vectors the transcript trained',
  'terms teach': 'interactive (keys in a terminal)',
  'terms to-patterns': 'needs the transcript\'s teach.db',
  'terms match': 'needs the transcript\'s patterns and corpus',
  worker: 'waits for jobs on a PostgreSQL queue until Ctrl-C',
  postgresql: 'needs a PostgreSQL server (docs/scale.md; its tests run against NERFLOW_TEST_PG)',
};

/** Input files the docs name, made from the bundled example (examples/marketing-es) in a scratch folder. */
function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'nerflow-docs-'));
  const gold = join(ROOT, 'examples/marketing-es/annotation/gold.jsonl');
  copyFileSync(gold, join(dir, 'gold.jsonl'));
  // Commands written from the repository root name the example's files by their repo paths.
  cpSync(join(ROOT, 'examples/marketing-es/pdfs'), join(dir, 'examples/marketing-es/pdfs'), { recursive: true });
  const texts = readFileSync(gold, 'utf8').trim().split('\n').slice(0, 5).map((l) => JSON.stringify({ text: (JSON.parse(l) as { text: string }).text }));
  writeFileSync(join(dir, 'mis-textos.jsonl'), `${texts.join('\n')}\n`);
  // The same answers by a second annotator, for db agreement.
  const luis = readFileSync(gold, 'utf8').trim().split('\n').map((l) => JSON.stringify({ ...JSON.parse(l), _session_id: 'luis' }));
  writeFileSync(join(dir, 'gold-luis.jsonl'), `${luis.join('\n')}\n`);
  return dir;
}

describe.skipIf(!BUILT)('documented commands, run as written (the launcher npm links as nerflow)', () => {
  if (!BUILT) console.log('docs-commands.test: packages/cli is not built (npm run build); the run-for-real checks are skipped');
  const name = (c: DocCommand) => {
    if (/postgres(ql)?:\/\//.test(c.text)) return 'postgresql';
    const words = c.argv.filter((w) => !w.startsWith('-'));
    return [words.slice(0, 2).join(' '), words[0] ?? ''].find((n) => n in NOT_RUN) ?? words.slice(0, 2).join(' ');
  };
  const runnable = documented.filter((c) => !(name(c) in NOT_RUN));

  it('skips only the commands listed, with a reason', () => {
    const skipped = documented.filter((c) => name(c) in NOT_RUN);
    for (const c of skipped) expect(NOT_RUN[name(c)], key(c)).toBeTruthy();
    expect(runnable.length).toBeGreaterThanOrEqual(8);
  });

  it('each exits 0 in order in a scratch copy of the example (db commands on a scratch database)', () => {
    const dir = scratch();
    const failures: string[] = [];
    const launch = (argv: string[], extra: NodeJS.ProcessEnv = {}) => {
      const env: NodeJS.ProcessEnv = { ...process.env, NERFLOW_DB: join(dir, 'nerflow.db'), ...extra, FORCE_COLOR: '1' };
      delete env.TERM;
      return spawnSync(process.execPath, [LAUNCHER, ...argv], { cwd: dir, env, encoding: 'utf8', timeout: 120_000 });
    };
    // What the docs assume exists: a second dataset (db merge marketing,extra) and a second annotator
    // on the same texts (db agreement).
    expect(launch(['db', 'import', 'extra', 'gold.jsonl', '--session', 'ana']).status).toBe(0);
    expect(launch(['db', 'import', 'marketing', 'gold-luis.jsonl']).status).toBe(0);
    // db commands read the dataset the import made: run imports first, then the rest, then drop.
    const order = (c: DocCommand) => (c.argv[1] === 'import' ? 0 : c.argv[1] === 'drop' ? 2 : 1);
    for (const c of [...runnable].sort((a, b) => order(a) - order(b))) {
      const r = launch(c.argv, c.env);
      if (r.status !== 0) failures.push(`${key(c)}: ${c.text}\n    exit ${r.status}: ${(r.stderr || r.stdout).trim().split('\n').slice(0, 3).join(' | ')}`);
    }
    expect(failures).toEqual([]);
    expect(existsSync(join(dir, 'con-entidades.jsonl'))).toBe(true);
  }, 300_000);
});
