import type { Task } from '@nerflow/annotate';
import { useEffect, useRef } from 'preact/hooks';
import type { Controller } from './controller.js';
import { pieces, selectionRange, sourceText, spanAt, type PageSpan } from './spans.js';

interface Props {
  c: Controller;
  task: Task;
  labels: string[];
}

/**
 * The text as tokens. Everything from the corpus is rendered as text nodes (Preact escapes it):
 * the documents come from PDFs and are untrusted. Dragging over tokens selects whole tokens; a
 * click on a span removes it; a click, then a click on another token, selects the range (touch).
 */
export function TaskView({ c, task, labels }: Props) {
  const drag = useRef<{ anchor: number; moved: boolean } | null>(null);

  useEffect(() => {
    const up = () => {
      const d = drag.current;
      drag.current = null;
      if (!d || d.moved || !c.selection) return;
      // A plain click: on a span removes it; next to a one-token selection extends it.
      const span = spanAt(c.spans, d.anchor);
      if (span && !c.teach) { c.remove(span); c.select(null); }
    };
    window.addEventListener('pointerup', up);
    return () => window.removeEventListener('pointerup', up);
  }, [c]);

  const down = (i: number, e: PointerEvent) => {
    if (c.teach || e.button !== 0) return;
    e.preventDefault();
    const sel = c.selection;
    const single = sel && sel.anchor === sel.focus && sel.anchor !== i && !spanAt(c.spans, i);
    drag.current = { anchor: i, moved: false };
    c.select(single ? { anchor: sel.anchor, focus: i } : { anchor: i, focus: i });
    if (single) drag.current.moved = true;
  };
  const enter = (i: number) => {
    const d = drag.current;
    if (!d || i === c.selection?.focus) return;
    d.moved = true;
    c.select({ anchor: d.anchor, focus: i });
  };

  const [selA, selB] = c.selection ? selectionRange(c.selection) : [-1, -2];
  const token = (i: number) => {
    const t = task.tokens[i]!;
    const cls = ['tok', i >= selA && i <= selB ? 'selected' : '', i === c.cursor && !c.teach ? 'cursor' : ''].filter(Boolean).join(' ');
    return (
      <>
        <span class={cls} data-i={i} onPointerDown={(e) => down(i, e)} onPointerEnter={() => enter(i)}>{t.text}</span>
        {t.ws ? ' ' : ''}
      </>
    );
  };
  const spanEl = (span: PageSpan, indices: number[]) => {
    const li = Math.max(0, labels.indexOf(span.label));
    const last = task.tokens[indices.at(-1)!]!;
    return (
      <>
        <mark class={`span c${li % 10} src-${span.source}`} data-label={span.label} data-source={span.source} title={`${span.label} · ${sourceText(span)}${c.teach ? '' : ' — click to remove'}`}>
          {indices.map((i) => {
            const t = task.tokens[i]!;
            return (
              <>
                <span class="tok" data-i={i} onPointerDown={(e) => down(i, e)} onPointerEnter={() => enter(i)}>{t.text}</span>
                {i !== indices.at(-1) && t.ws ? ' ' : ''}
              </>
            );
          })}
          <span class="badge">{span.label}<small>{sourceText(span)}</small></span>
        </mark>
        {last.ws ? ' ' : ''}
      </>
    );
  };

  return (
    <div class={`task ${c.teach ? 'teach' : ''}`}>
      {c.teach && task.spans[0] && (
        <div class="question">{task._view_id === 'terms' ? <>Is this a <b>{task.spans[0].label}</b> term?</> : <>Is this a <b>{task.spans[0].label}</b>?</>}</div>
      )}
      <div class="text" lang="es" data-task={String(task._task_hash)}>
        {pieces(task, c.spans).map((p) => (p.kind === 'token' ? token(p.index) : spanEl(p.span, p.indices)))}
      </div>
      {task.meta && typeof task.meta.source === 'string' && <div class="meta muted">{task.meta.source}</div>}
    </div>
  );
}
