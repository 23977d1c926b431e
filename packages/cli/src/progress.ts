import type { ProgressEvent } from '@nerflow/core';
import cliProgress from 'cli-progress';

/**
 * Shows a stage's progress events: a live bar on a terminal, and a throttled plain line otherwise
 * (CI logs), always on stderr so that stdout can carry JSONL.
 */
export class ProgressView {
  private bar?: cliProgress.SingleBar;
  private barKey = '';
  private lastLine = 0;
  private readonly started = Date.now();

  constructor(private readonly stderr: NodeJS.WritableStream, private readonly tty: boolean) {}

  update(e: ProgressEvent): void {
    const stats = Object.entries(e.stats ?? {}).map(([k, v]) => `${k} ${typeof v === 'number' ? fmt(v) : v}`).join(' · ');
    if (this.tty && e.total !== undefined) {
      const key = `${e.phase ?? ''}|${e.unit}|${e.total}`;
      if (key !== this.barKey) {
        this.stop();
        this.barKey = key;
        this.bar = new cliProgress.SingleBar({
          stream: this.stderr,
          format: `${e.phase ? `${e.phase} ` : ''}{bar} {value}/{total} ${e.unit} · {rate}/s · eta {eta_formatted}{stats}`,
          hideCursor: true, clearOnComplete: false, etaBuffer: 50,
        }, cliProgress.Presets.shades_classic);
        this.bar.start(e.total, e.done, { rate: '0', stats: '' });
      }
      const secs = (Date.now() - this.started) / 1000;
      this.bar!.update(e.done, { rate: fmt(e.done / Math.max(secs, 1e-3)), stats: stats ? ` · ${stats}` : '' });
      return;
    }
    const now = Date.now();
    if (now - this.lastLine < (this.tty ? 250 : 5000) && !(e.total !== undefined && e.done >= e.total)) return;
    this.lastLine = now;
    const of = e.total !== undefined ? `/${e.total}` : '';
    this.stderr.write(`${e.phase ? `${e.phase}: ` : ''}${e.done}${of} ${e.unit}${stats ? ` · ${stats}` : ''}\n`);
  }

  stop(): void {
    this.bar?.stop();
    this.bar = undefined;
    this.barKey = '';
  }
}

function fmt(n: number): string {
  if (Number.isInteger(n)) return String(n);
  return Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 1 ? n.toFixed(2) : n.toFixed(4);
}
