import { describe, expect, it } from 'vitest';
import { wantsColor } from './colors.js';

describe('wantsColor', () => {
  const tty = { isTTY: true };
  const pipe = { isTTY: false };
  it('colours a terminal, not a pipe, unless the environment says otherwise', () => {
    expect(wantsColor(tty, { TERM: 'xterm-256color' })).toBe(true);
    expect(wantsColor(pipe, { TERM: 'xterm-256color' })).toBe(false);
    expect(wantsColor(tty, { TERM: 'dumb' })).toBe(false);
    expect(wantsColor(tty, {})).toBe(true); // TERM unset: a terminal is still a terminal
  });
  it('follows NO_COLOR over FORCE_COLOR, and FORCE_COLOR over the stream', () => {
    expect(wantsColor(pipe, { FORCE_COLOR: '1' })).toBe(true);
    expect(wantsColor(tty, { FORCE_COLOR: '0' })).toBe(false);
    expect(wantsColor(tty, { NO_COLOR: '1', FORCE_COLOR: '1' })).toBe(false);
  });
});
