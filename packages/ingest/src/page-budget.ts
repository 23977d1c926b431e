/**
 * A cap on the pages being read at once across the worker threads. A thread asks for its file's
 * pages as soon as it knows how many there are (pdf.js: right after opening the document, before
 * any page is parsed) and waits until they fit, so that very large PDFs never meet in memory (a
 * window of files in flight does not stop two 1,000-page theses from being read at once). On
 * pdfs-es (largest file 111 pages) a cap of 160 did not lower the peak RSS measurably, so it is
 * off unless asked for (`--max-pages-in-flight`).
 *
 * A file larger than the whole cap runs when nothing else holds pages, so every file gets its turn;
 * requests are served in order, so a big file is not starved by small ones slipping past it.
 */
export class PageBudget {
  private inFlight = 0;
  private readonly queue: { pages: number; grant: () => void }[] = [];
  /** Most pages held at once so far (for tests and the report). */
  peak = 0;

  /** @param cap pages held at once (0: no cap). */
  constructor(readonly cap: number) {}

  /** Resolves when `pages` may be read; give them back with `release(pages)`. */
  acquire(pages: number): Promise<void> {
    return new Promise((grant) => {
      this.queue.push({ pages, grant });
      this.drain();
    });
  }

  release(pages: number): void {
    this.inFlight -= pages;
    this.drain();
  }

  /** Pages held right now. */
  get held(): number {
    return this.inFlight;
  }

  private fits(pages: number): boolean {
    return this.cap <= 0 || this.inFlight === 0 || this.inFlight + pages <= this.cap;
  }

  private drain(): void {
    while (this.queue.length && this.fits(this.queue[0]!.pages)) {
      const next = this.queue.shift()!;
      this.inFlight += next.pages;
      this.peak = Math.max(this.peak, this.inFlight);
      next.grant();
    }
  }
}
