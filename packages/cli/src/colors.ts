import pc from 'picocolors';

export type Colors = ReturnType<typeof pc.createColors>;

/**
 * Whether to colour what goes to `stream`: NO_COLOR turns it off, FORCE_COLOR (not "0") on, else
 * only on a terminal that is not "dumb". Decided per stream, not from picocolors' process-wide guess,
 * so callers (and tests) can say what they want with `Io.color`.
 */
export function wantsColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return Boolean(stream.isTTY) && env.TERM !== 'dumb';
}

/** Colour functions that colour, or return their input unchanged. */
export function colors(enabled: boolean): Colors {
  return pc.createColors(enabled);
}
