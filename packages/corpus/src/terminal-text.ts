/**
 * Untrusted text (tokens, labels, file names from a corpus or a PDF) printed to a terminal must not
 * drive it: an ESC sequence can retitle the window, clear the screen or (OSC 52) write the
 * clipboard. `escapeControl` shows C0/C1 control characters, DEL and ESC as visible escapes.
 */

// C0 (except the ones kept on request), DEL, C1, and the bidi overrides that reorder what is shown.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const CONTROL_KEEP_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

const visible = (ch: string) => {
  const c = ch.codePointAt(0)!;
  if (c === 0x1b) return '\\e';
  if (c === 0x0a) return '\\n';
  if (c === 0x0d) return '\\r';
  if (c === 0x09) return '\\t';
  return c <= 0xff ? `\\x${c.toString(16).padStart(2, '0')}` : `\\u${c.toString(16).padStart(4, '0')}`;
};

/**
 * `s` with every control character written as a visible escape (`\e`, `\x07`, `\u202e`).
 * With `keepLines`, `\n` and `\t` stay (for whole blocks of output made of escaped fields).
 * @example escapeControl('PER\u001b]0;PWNED\u0007') // 'PER\\e]0;PWNED\\x07'
 */
export function escapeControl(s: string, options: { keepLines?: boolean } = {}): string {
  return s.replace(options.keepLines ? CONTROL_KEEP_LINES : CONTROL, visible);
}

/** True when `s` holds a control character that `escapeControl` would rewrite. */
export function hasControl(s: string): boolean {
  return /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(s);
}
