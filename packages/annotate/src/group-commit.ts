import type { Example } from '@nerflow/corpus';
import type { Store } from '@nerflow/store';

interface Pending {
  records: Example[];
  resolve: (statuses: ('added' | 'existing')[]) => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit: answers that arrive while the previous commit is on its way to disk are written
 * together in one transaction (one fsync), and each request is answered only after that commit.
 * better-sqlite3 is synchronous, so an fsync per answer would stall every other request for the
 * disk's flush time (~10 ms here); batching keeps "stored before the reply" at a fraction of the cost.
 */
export class GroupCommit {
  private pending: Pending[] = [];
  private scheduled = false;

  constructor(private readonly store: Store, private readonly dataset: string) {}

  /** Resolves, after the commit, with each record's status (new or replacing an earlier answer). */
  write(records: Example[]): Promise<('added' | 'existing')[]> {
    return new Promise((resolve, reject) => {
      this.pending.push({ records, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        // setImmediate: after the I/O callbacks of this turn, so requests parsed together commit together.
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    this.scheduled = false;
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
    }
  }
}
