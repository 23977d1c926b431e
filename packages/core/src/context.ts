/**
 * What a stage gets to talk to the world. Library code never prints: it reports progress and logs
 * through this context, and the CLI (or a test, or the pipeline runner) decides how to show them.
 */
export interface ProgressEvent {
  /** What is being counted, e.g. 'files', 'pages', 'examples', 'steps'. */
  unit: string;
  done: number;
  total?: number;
  /** Short phase name shown next to the bar ('extract', 'epoch 3'...). */
  phase?: string;
  /** Extra figures the CLI may show (pages/s, loss, dev F1). */
  stats?: Record<string, number | string>;
}

export interface Logger {
  debug(message: string, data?: unknown): void;
  info(message: string, data?: unknown): void;
  warn(message: string, data?: unknown): void;
  error(message: string, data?: unknown): void;
}

export interface StageContext {
  progress(event: ProgressEvent): void;
  log: Logger;
  signal: AbortSignal;
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** A context that discards everything: the default for library calls without one. */
export function quietContext(signal: AbortSignal = new AbortController().signal): StageContext {
  return { progress() {}, log: silentLogger, signal };
}

/** A context that records what it was told (for tests and for summaries). */
export function recordingContext(): StageContext & { events: ProgressEvent[]; logs: { level: string; message: string }[] } {
  const events: ProgressEvent[] = [];
  const logs: { level: string; message: string }[] = [];
  const rec = (level: string) => (message: string) => void logs.push({ level, message });
  return {
    events, logs,
    progress: (e) => void events.push(e),
    log: { debug: rec('debug'), info: rec('info'), warn: rec('warn'), error: rec('error') },
    signal: new AbortController().signal,
  };
}
