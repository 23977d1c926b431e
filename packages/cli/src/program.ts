import type { CommandContext, CommandSpec, Logger } from '@nerflow/core';
import { NerError, toNerError } from '@nerflow/core';
import { Command, CommanderError } from 'commander';
import pc from 'picocolors';
import { addArgs, addFlags } from './flags.js';
import { ProgressView } from './progress.js';

export interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream;
}

/** Exit codes: 0 success, 1 failure, 2 usage error. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

function makeLogger(io: Io, verbose: boolean, onLine: () => void): Logger {
  const line = (prefix: string, msg: string) => {
    onLine();
    io.stderr.write(`${prefix}${msg}\n`);
  };
  return {
    debug: (m) => verbose && line(pc.dim('debug '), m),
    info: (m) => line('', m),
    warn: (m) => line(pc.yellow('warning '), m),
    error: (m) => line(pc.red('error '), m),
  };
}

/** Prints a NerError as one actionable line (plus hint); the stack only with --verbose. */
export function printError(err: NerError, io: Io, verbose: boolean): void {
  io.stderr.write(`${pc.red(`[${err.code}]`)} ${err.located}\n`);
  if (err.hint) io.stderr.write(`  ${pc.dim('hint:')} ${err.hint}\n`);
  if (verbose) {
    const cause = err.cause instanceof Error ? err.cause : err;
    io.stderr.write(`${pc.dim(cause.stack ?? String(cause))}\n`);
  } else if (err.code === 'E_INTERNAL') {
    io.stderr.write(`  ${pc.dim('(rerun with --verbose for the stack trace)')}\n`);
  }
}

/**
 * Builds the `nerflow` program from command specs: each spec's zod schema gives its flags, and its
 * `run` gets validated options plus a context (progress bars, logger, stdio, abort on Ctrl-C).
 */
export function buildProgram(specs: CommandSpec[], io: Io, setExit: (code: number) => void): Command {
  const program = new Command('nerflow')
    .description('From a folder of PDFs to an evaluated NER model with your own entity types, by transfer learning.')
    .version(process.env.NERFLOW_VERSION ?? '0.1.0', '--version')
    .showHelpAfterError('(add --help for usage)')
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
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
  for (const spec of specs) {
    const cmd = commandAt(spec.name.split(' '), spec.summary).description(spec.summary);
    if (spec.help) cmd.addHelpText('after', `\n${spec.help}`);
    addArgs(cmd, spec.args);
    addFlags(cmd, spec);
    cmd.option('-V, --verbose', 'more detail, and stack traces on errors');
    cmd.action(async (...argv: unknown[]) => {
      const command = argv.at(-1) as Command;
      const flagValues = command.opts() as Record<string, unknown>;
      const verbose = Boolean(flagValues.verbose);
      delete flagValues.verbose;
      const raw: Record<string, unknown> = { ...flagValues };
      (spec.args ?? []).forEach((a, i) => {
        if (argv[i] !== undefined) raw[a.key] = argv[i];
      });
      const parsed = spec.options.safeParse(raw);
      if (!parsed.success) {
        const problems = parsed.error.issues.map((i) => `${i.path.length ? `--${i.path.join('.')}` : 'options'}: ${i.message}`);
        io.stderr.write(`${pc.red('[E_CLI_USAGE]')} nerflow ${spec.name}: ${problems.join('; ')}\n  ${pc.dim('hint:')} see nerflow ${spec.name} --help\n`);
        setExit(EXIT.usage);
        return;
      }
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
        log: makeLogger(io, verbose, () => view.stop()),
        progress: (e) => view.update(e),
      };
      try {
        const code = await spec.run(parsed.data, ctx);
        view.stop();
        setExit(typeof code === 'number' ? code : EXIT.ok);
      } catch (err) {
        view.stop();
        const e = toNerError(err);
        printError(e, io, verbose);
        setExit(e.code === 'E_CLI_USAGE' ? EXIT.usage : EXIT.failure);
      } finally {
        process.removeListener('SIGINT', onSigint);
      }
    });
  }
  return program;
}

/** Runs the program on argv (without `node` and the script); resolves to the exit code. */
export async function runCli(specs: CommandSpec[], argv: string[], io: Io): Promise<number> {
  let exit: number = EXIT.ok;
  const program = buildProgram(specs, io, (c) => { exit = c; });
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
    const e = toNerError(err);
    printError(e, io, argv.includes('--verbose') || argv.includes('-V'));
    return e.code === 'E_CLI_USAGE' ? EXIT.usage : EXIT.failure;
  }
}
