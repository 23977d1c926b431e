import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiClient } from './api-client.js';
import { Controller } from './controller.js';
import { Help } from './Help.js';
import { ProgressBar } from './ProgressBar.js';
import { ReviewSummary, ReviewVersions } from './ReviewVersions.js';
import { TaskView } from './TaskView.js';
import { keyForLabel, labelForKey } from './spans.js';

/** The page: header with progress, the current task, label and answer buttons, help overlay. */
export function App() {
  const [, setVersion] = useState(0);
  const session = new URLSearchParams(location.search).get('session') ?? '';
  const c = useMemo(() => new Controller(new ApiClient(session), () => setVersion((v) => v + 1)), []);

  useEffect(() => {
    void c.start();
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const label = c.config && labelForKey(e.key, c.config.labels);
      // Review: shift + 1-9 copies that version into the editor (e.code: the digit whatever the layout).
      const digit = /^Digit([1-9])$/.exec(e.code);
      if (e.shiftKey && digit && c.review) c.useVersion(Number(digit[1]) - 1);
      else if (label) c.label(label);
      else if (e.key === 'a') void c.answer('accept');
      else if (e.key === 'x') void c.answer('reject');
      else if (e.key === ' ') void c.answer('ignore');
      else if (e.key === 'Backspace') void c.undo();
      else if (e.key === 'ArrowRight') c.move(1, e.shiftKey);
      else if (e.key === 'ArrowLeft') c.move(-1, e.shiftKey);
      else if (e.key === '?' || e.key === 'h') c.toggleHelp();
      else if (e.key === 'Escape') { c.toggleHelp(false); c.select(null); }
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const cfg = c.config;
  const task = c.task;
  return (
    <div class="page">
      <header>
        <div class="title">
          <strong>nerflow</strong> <span class="muted">{cfg ? `${cfg.dataset} · ${cfg.mode}` : '…'}</span>
          {session && <span class="session" title="session">{session}</span>}
        </div>
        {c.progress && <ProgressBar progress={c.progress} />}
        <button class="icon" aria-label="help" onClick={() => c.toggleHelp()}>?</button>
      </header>
      {c.error && <div class="error" role="alert">{c.error}</div>}
      {cfg?.review && <ReviewSummary info={cfg.review} />}
      {cfg && !c.teach && (
        <div class="labels" role="toolbar" aria-label="labels">
          {cfg.labels.map((l, i) => (
            <button key={l} class={`label c${i % 10}`} onClick={() => c.label(l)} disabled={!c.selection}>
              {keyForLabel(i) && <kbd>{keyForLabel(i)}</kbd>} {l}
            </button>
          ))}
        </div>
      )}
      <main>
        {task && cfg ? (
          <>
            {c.review && <ReviewVersions c={c} task={task} labels={cfg.labels} />}
            {c.review && <div class="question">Your decision{c.chosen >= 0 ? ` (as ${task.versions![c.chosen]!.name})` : ''}: edit, then accept, or reject</div>}
            <TaskView c={c} task={task} labels={cfg.labels} />
          </>
        ) : (
          <div class="empty">{c.loaded ? 'No more tasks: everything in the source is answered.' : 'Loading…'}</div>
        )}
      </main>
      <footer>
        <button class="answer accept" onClick={() => void c.answer('accept')} disabled={!task || c.busy}><kbd>a</kbd> accept</button>
        <button class="answer reject" onClick={() => void c.answer('reject')} disabled={!task || c.busy}><kbd>x</kbd> reject</button>
        <button class="answer ignore" onClick={() => void c.answer('ignore')} disabled={!task || c.busy}><kbd>space</kbd> ignore</button>
        <button class="answer undo" onClick={() => void c.undo()} disabled={!c.canUndo || c.busy}><kbd>⌫</kbd> undo</button>
      </footer>
      {c.help && <Help labels={cfg?.labels ?? []} onClose={() => c.toggleHelp(false)} />}
    </div>
  );
}
