import { inputHash, type Example } from '@nerflow/corpus';
import type { Logger } from '@nerflow/core';

/** A source read from its start each time it is called (a file stream, a store query). */
export type SourceFactory = () => AsyncIterable<Example> | Iterable<Example>;

/** The input hash a source example is stored under (its own when it has one, as prepareExample). */
export function sourceInputHash(e: Example): number {
  return Number.isInteger(e._input_hash) ? e._input_hash! : inputHash(e);
}

/**
 * The set of input hashes of a source, built by one pass in the background so the server can answer
 * before a large source has been read (progress counts what is indexed so far until `complete`).
 * Memory: one number per distinct text, never the examples themselves.
 */
export class SourceIndex {
  private readonly hashes = new Set<number>();
  private done = false;
  private stopped = false;
  private failure: Error | undefined;
  /** Resolves when the pass has ended (read to the end, or failed). */
  readonly finished: Promise<void>;

  constructor(source: SourceFactory, private readonly onComplete: () => void = () => undefined, log?: Logger) {
    this.finished = this.run(source).catch((err: Error) => {
      this.failure = err;
      log?.error(`reading the source to count it failed: ${err.message}`);
    });
  }

  private async run(source: SourceFactory): Promise<void> {
    let n = 0;
    for await (const ex of source()) {
      if (this.stopped) return; // leaving the loop closes the file or the store query
      this.hashes.add(sourceInputHash(ex));
      // Give pending requests a turn: the pass must not hold up get-next on a large source.
      if (++n % 2000 === 0) await new Promise((r) => setImmediate(r));
    }
    this.done = true;
    this.onComplete();
  }

  /** Ends the pass early (the server is closing: the store or file must be let go). */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.finished;
  }

  has(hash: number): boolean {
    return this.hashes.has(hash);
  }

  /** Distinct texts indexed so far (all of them once `complete`). */
  get size(): number {
    return this.hashes.size;
  }

  get complete(): boolean {
    return this.done;
  }

  /** The error that stopped the pass (a bad line), if any. */
  get error(): Error | undefined {
    return this.failure;
  }
}

/** The first example of a source, or undefined when it has none (reads one record, then stops). */
export async function firstExample(source: SourceFactory): Promise<Example | undefined> {
  for await (const ex of source()) return ex;
  return undefined;
}
