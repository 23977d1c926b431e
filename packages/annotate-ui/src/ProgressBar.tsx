import type { Progress } from '@nerflow/annotate';

/** This session's answers, the dataset's total, and what is left in the source. */
export function ProgressBar({ progress: p }: { progress: Progress }) {
  const done = p.source_total - p.remaining;
  const pct = p.source_total ? (100 * done) / p.source_total : 100;
  return (
    <div class="progress" aria-label="progress">
      <div class="bar" role="progressbar" aria-valuemin={0} aria-valuemax={p.source_total} aria-valuenow={done}>
        <div class="fill" style={{ width: `${pct.toFixed(1)}%` }} />
      </div>
      <div class="counts">
        <span data-testid="session-count">session <b>{p.session_count}</b></span>
        <span data-testid="dataset-count">dataset <b>{p.dataset_count}</b></span>
        {/* A streamed source is still being counted: the total is a lower bound until it is done. */}
        <span data-testid="remaining">left <b>{p.remaining}</b>/{p.source_total}{p.source_complete === false ? '+ (counting…)' : ''}</span>
        {p.model && <span>model updates <b>{p.model.updates}</b></span>}
        {p.terms && <span data-testid="terms-tally">accepted <b>{p.terms.accept}</b> · rejected <b>{p.terms.reject}</b> · ignored <b>{p.terms.ignore}</b></span>}
      </div>
    </div>
  );
}
