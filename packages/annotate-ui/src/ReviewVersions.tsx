import type { ReviewInfo, Task } from '@nerflow/annotate';
import type { Controller } from './controller.js';
import { fromTask, pieces } from './spans.js';

const pct = (x: number | null) => (x === null || Number.isNaN(x) ? 'n/a' : (100 * x).toFixed(0));

/**
 * Review: each annotator's version of the text, side by side (stacked on a narrow screen), read
 * only, with the spans that not every other version has marked. "use" (or shift + its number)
 * copies a version into the editor below, where it can be changed before accepting. Text is
 * rendered as text nodes only (it comes from PDFs).
 */
export function ReviewVersions({ c, task, labels }: { c: Controller; task: Task; labels: string[] }) {
  const versions = task.versions ?? [];
  return (
    <div class="versions" aria-label="versions">
      {versions.map((v, vi) => {
        const diffs = new Set(v.differs);
        const spans = fromTask(v.spans).map((s, i) => ({ ...s, source: diffs.has(i) ? 'diff' : 'same' }));
        return (
          <section key={v.name} class={`version ${c.chosen === vi ? 'chosen' : ''}`} data-version={v.name}>
            <div class="version-head">
              <b>{v.name}</b> <span class={`verdict ${v.answer}`}>{v.answer}</span>
              {v.differs.length > 0 && <span class="muted"> · {v.differs.length} differ</span>}
              <button class="use" onClick={() => c.useVersion(vi)} title={vi < 9 ? `shift + ${vi + 1}` : ''}>
                {vi < 9 && <kbd>⇧{vi + 1}</kbd>} use
              </button>
            </div>
            <div class="text small" lang="es">
              {v.answer !== 'accept' ? <span class="muted">(rejected: no spans)</span> : pieces(task, spans).map((p) => {
                if (p.kind === 'token') {
                  const t = task.tokens[p.index]!;
                  return <>{t.text}{t.ws ? ' ' : ''}</>;
                }
                const li = Math.max(0, labels.indexOf(p.span.label));
                const last = task.tokens[p.indices.at(-1)!]!;
                const text = p.indices.map((i, k) => task.tokens[i]!.text + (k < p.indices.length - 1 && task.tokens[i]!.ws ? ' ' : '')).join('');
                return (
                  <>
                    <mark class={`span c${li % 10} ${p.span.source === 'diff' ? 'diff' : ''}`} data-label={p.span.label} data-diff={p.span.source === 'diff' ? '1' : '0'}>
                      {text}<span class="badge">{p.span.label}</span>
                    </mark>
                    {last.ws ? ' ' : ''}
                  </>
                );
              })}
            </div>
          </section>
        );
      })}
    </div>
  );
}

/** The agreement between the versions before review, overall and per label (entity F1). */
export function ReviewSummary({ info }: { info: ReviewInfo }) {
  return (
    <div class="review-summary muted" data-testid="agreement">
      {info.inputs} texts with several versions ({info.versions.join(', ')}) · agreement before review F1 <b>{pct(info.agreement.f1)}</b>
      {Object.entries(info.agreement.perLabel).map(([l, v]) => (
        <span key={l} data-label={l}> · {l} <b>{pct(v.f1)}</b></span>
      ))}
    </div>
  );
}
