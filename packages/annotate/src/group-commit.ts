import type { Example } from '@nerflow/corpus';
import type { Store } from '@nerflow/store';

interface Pending {
  records: Example[];
  resolve: (statuses: ('added' | 'existing')[]) => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit: answers that arrive while the previous commit is on its way to disk are written
 * together in the next transaction (one fsync), and each request is answered only after its commit.
 * An fsync costs ~10 ms on this machine's disk; one per answer would cap a server near 100
 * answers/s, batching keeps "stored before the reply" at a fraction of that. With the store's
 * `writeInWorker`, the commit also leaves the event loop free for get-next meanwhile.
 */
export class GroupCommit {
  private pending: Pending[] = [];
  private scheduled = false;
  /** A commit is on its way: answers arriving meanwhile wait and go together in the next one. */
  private inflight = false;

  constructor(private readonly store: Store, private readonly dataset: string) {}

  /** Resolves, after the commit, with each record's status (new or replacing an earlier answer). */
  write(records: Example[]): Promise<('added' | 'existing')[]> {
    return new Promise((resolve, reject) => {
      this.pending.push({ records, resolve, reject });
      this.kick();
    });
  }

  private kick(): void {
    if (this.scheduled || this.inflight || this.pending.length === 0) return;
    this.scheduled = true;
    // setImmediate: after the I/O callbacks of this turn, so requests parsed together commit together.
    setImmediate(() => void this.flush());
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    this.scheduled = false;
    this.inflight = true;
    try {
      const r = await this.store.add(this.dataset, batch.flatMap((b) => b.records), { onConflict: 'replace', details: true });
      let k = 0;
      for (const b of batch) {
        b.resolve(r.statuses!.slice(k, k + b.records.length));
        k += b.records.length;
      }
    } catch {
      // One request's bad record must not fail the others: retry each request on its own.
      for (const b of batch) {
        try {
          b.resolve((await this.store.add(this.dataset, b.records, { onConflict: 'replace', details: true })).statuses!);
        } catch (err) {
          b.reject(err);
        }
      }
    } finally {
      this.inflight = false;
      this.kick();
    }
  }
}
