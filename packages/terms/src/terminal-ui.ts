/**
 * The terminal front end of terms teach: one line per suggestion, single keys (a accept, x reject,
 * i ignore, u undo, q quit; Ctrl-C quits too). Works on a TTY in raw mode and on piped stdin (keys
 * are then echoed, so a scripted session's output reads as a transcript).
 */
import { emitKeypressEvents } from 'node:readline';
import type { TeachAction, TeachFrontEnd } from './teach.js';

const KEYS: Record<string, TeachAction> = { a: 'accept', x: 'reject', i: 'ignore', u: 'undo', q: 'quit' };
const SHOWN: Record<TeachAction, string> = { accept: 'accept', reject: 'reject', ignore: 'ignore', undo: 'undo', quit: 'quit' };

/** A front end reading single keys from `input` and writing to `output`. */
export function terminalFrontEnd(input: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (on: boolean) => void }, output: NodeJS.WritableStream): TeachFrontEnd & { close(): void } {
  emitKeypressEvents(input as NodeJS.ReadStream);
  const raw = Boolean(input.isTTY && input.setRawMode);
  if (raw) input.setRawMode!(true);
  const queue: TeachAction[] = [];
  let waiting: ((a: TeachAction) => void) | null = null;
  let ended = false;
  const push = (a: TeachAction) => {
    if (waiting) {
      const w = waiting;
      waiting = null;
      w(a);
    } else queue.push(a);
  };
  const onKey = (_s: string, key?: { name?: string; ctrl?: boolean }) => {
    if (!key?.name) return;
    if (key.ctrl && key.name === 'c') return push('quit');
    const a = KEYS[key.name];
    if (a) push(a);
  };
  const onEnd = () => {
    ended = true;
    push('quit');
  };
  input.on('keypress', onKey);
  input.on('end', onEnd);
  input.resume();
  output.write('keys: a = accept, x = reject, i = ignore, u = undo, q = save and quit\n');
  return {
    async ask(s, tally) {
      const tag = s.seed ? '  (seed)' : s.variantOf ? `  (in the corpus with ${s.variantOf.replace(/_/g, ' ')})` : '';
      output.write(`${(s.display + tag).padEnd(32)} ${s.score.toFixed(3)}   (+${tally.accept} -${tally.reject} ?${tally.ignore})  [a/x/i/u/q] `);
      const a = queue.shift() ?? (ended ? 'quit' : await new Promise<TeachAction>((resolve) => (waiting = resolve)));
      output.write(`${SHOWN[a]}\n`);
      return a;
    },
    note(message) {
      output.write(`  ${message}\n`);
    },
    close() {
      input.removeListener('keypress', onKey);
      input.removeListener('end', onEnd);
      if (raw) input.setRawMode!(false);
      input.pause();
    },
  };
}
