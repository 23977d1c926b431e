import type { CommandContext, CommandSpec, Logger, NerError } from '@nerflow/core';
import { Command, CommanderError } from 'commander';
import { colors, wantsColor, type Colors } from './colors.js';
import { lazyOf, type LazyCommand } from './entry.js';
import { addArgs, addFlags } from './flags.js';
import { exitStatusFor, installProcessErrorHandlers, isBrokenPipe, printableError } from './systemErrors.js';

export interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream;
  /** Colour stderr's messages; default: FORCE_COLOR / NO_COLOR, else whether stderr is a terminal. */
  color?: boolean;
}

/** Exit codes: 0 success, 1 failure, 2 usage error. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

function makeLogger(io: Io, c: Colors, verbose: boolean, onLine: () => void): Logger {
  const line = (prefix: string, msg: string) => {
    onLine();
    io.stderr.write(`${prefix}${msg}\n`);
  };
  return {
    debug: (m) => verbose && line(c.dim('debug '), m),
    info: (m) => line('', m),
    warn: (m) => line(c.yellow('warning '), m),
    error: (m) => line(c.red('error '), m),
  };
}

const colorsOf = (io: Io) => colors(io.color ?? wantsColor(io.stderr));

/** Prints a NerError as one actionable line (plus hint); the stack only with --verbose. */
export function printError(err: NerError, io: Io, verbose: boolean): void {
  const c = colorsOf(io);
  io.stderr.write(`${c.red(`[${err.code}]`)} ${err.located}\n`);
  if (err.hint) io.stderr.write(`  ${c.dim('hint:')} ${err.hint}\n`);
  if (verbose) {
    const cause = err.cause instanceof Error ? err.cause : err;
    io.stderr.write(`${c.dim(cause.stack ?? String(cause))}\n`);
  } else if (err.code === 'E_INTERNAL') {
    io.stderr.write(`  ${c.dim('(rerun with --verbose for the stack trace)')}\n`);
  }
}

async function printAnyError(err: unknown, io: Io, verbose: boolean): Promise<number> {
  if (isBrokenPipe(err)) return EXIT.ok; // `nerflow ... | head`: the reader has what it wanted
  const e = await printableError(err); // system errors get their own codes; control characters escaped
  printError(e, io, verbose);
  return exitStatusFor(e, EXIT.usage, EXIT.failure);
}

/** Runs one command: imports it, validates the parsed flags with its schema, gives it a context. */
async function runCommand(command: LazyCommand, argv: unknown[], io: Io, setExit: (code: number) => void): Promise<void> {
  const c = colorsOf(io);
  const cmd = argv.at(-1) as Command;
  const flagValues = cmd.opts() as Record<string, unknown>;
  const verbose = Boolean(flagValues.verbose);
  delete flagValues.verbose;
  const raw: Record<string, unknown> = { ...flagValues };
  (command.args ?? []).forEach((a, i) => {
    if (argv[i] !== undefined) raw[a.key] = argv[i];
  });
  let spec: CommandSpec;
  try {
    spec = await command.load();
  } catch (err) {
    setExit(await printAnyError(err, io, verbose));
    return;
  }
  const parsed = spec.options.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.length ? `--${i.path.join('.')}` : 'options'}: ${i.message}`);
    io.stderr.write(`${c.red('[E_CLI_USAGE]')} nerflow ${spec.name}: ${problems.join('; ')}\n  ${c.dim('hint:')} see nerflow ${spec.name} --help\n`);
    setExit(EXIT.usage);
    return;
  }
  const [{ NerError }, { ProgressView }] = await Promise.all([import('@nerflow/corpus'), import('./progress.js')]);
  const abort = new AbortController();
  const onSigint = () => abort.abort(new NerError('E_INTERRUPTED', 'Interrupted (Ctrl-C).', { hint: 'Rerun the same command to resume where it stopped.' }));
  process.once('SIGINT', onSigint);
  const isTTY = Boolean(io.stderr.isTTY);
  const view = new ProgressView(io.stderr, isTTY);
  const ctx: CommandContext = {
    stdout: io.stdout as CommandContext['stdout'],
    stderr: io.stderr as CommandContext['stderr'],
    stdin: io.stdin as CommandContext['stdin'],
    verbose, isTTY,
    signal: abort.signal,
    log: makeLogger(io, c, verbose, () => view.stop()),
    progress: (e) => view.update(e),
  };
  try {
    const code = await spec.run(parsed.data, ctx);
    view.stop();
    setExit(typeof code === 'number' ? code : EXIT.ok);
  } catch (err) {
    view.stop();
    setExit(await printAnyError(err, io, verbose));
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}

/**
 * Builds the `nerflow` program from commands: each one's flags (derived from its zod schema, or
 * read from the manifest) are declared to commander; its implementation is imported only when it
 * runs, so --help loads no stage.
 */
export function buildProgram(commands: (CommandSpec | LazyCommand)[], io: Io, setExit: (code: number) => void): Command {
  const program = new Command('nerflow')
    .description('From a folder of PDFs to an evaluated NER model with your own entity types, by transfer learning.')
    .version(process.env.NERFLOW_VERSION ?? '0.1.0', '--version')
    .showHelpAfterError('(add --help for usage)')
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    // A parent's options are its own only before a subcommand: `eval compare a b --report x` gives
    // --report to compare, not to eval (commander's default lets the parent take it).
    .enablePositionalOptions()
    .exitOverride();
  // Commands by path; a path can be both a command and the parent of others ('eval', 'eval curve').
  const byPath = new Map<string, Command>();
  const commandAt = (path: string[], description: string): Command => {
    let cmd = program;
    for (let i = 0; i < path.length; i++) {
      const key = path.slice(0, i + 1).join(' ');
      let next = byPath.get(key);
      if (!next) {
        next = cmd.command(path[i]!).description(i === path.length - 1 ? description : `${key} commands`).exitOverride();
        byPath.set(key, next);
      }
      cmd = next;
    }
    return cmd;
  };
  for (const command of commands.map((x) => lazyOf(x))) {
    const cmd = commandAt(command.name.split(' '), command.summary).description(command.summary);
    if (command.help) cmd.addHelpText('after', `\n${command.help}`);
    addArgs(cmd, command.args);
    addFlags(cmd, command.flags, command.short);
    cmd.option('-V, --verbose', 'more detail, and stack traces on errors');
    cmd.action((...argv: unknown[]) => runCommand(command, argv, io, setExit));
  }
  return program;
}

/** Runs the program on argv (without `node` and the script); resolves to the exit code. */
export async function runCli(commands: (CommandSpec | LazyCommand)[], argv: string[], io: Io): Promise<number> {
  let exit: number = EXIT.ok;
  installProcessErrorHandlers(io.stdout, (err) => printAnyError(err, io, argv.includes('--verbose') || argv.includes('-V')));
  const program = buildProgram(commands, io, (c) => { exit = c; });
  try {
    if (argv.length === 0) {
      program.outputHelp();
      return EXIT.ok;
    }
    await program.parseAsync(argv, { from: 'user' });
    return exit;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT.ok;
      return EXIT.usage;
    }
    return printAnyError(err, io, argv.includes('--verbose') || argv.includes('-V'));
  }
}
