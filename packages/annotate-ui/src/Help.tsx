import { keyForLabel } from './spans.js';

/** The keys, shown over the page (? or h toggles it, Escape closes). */
export function Help({ labels, onClose }: { labels: string[]; onClose: () => void }) {
  const rows: [string, string][] = [
    ['drag / click, click', 'select tokens (a selection always covers whole tokens)'],
    ['shift + ← →', 'grow the selection from the keyboard (← → move)'],
    ...labels.slice(0, 10).map((l, i): [string, string] => [keyForLabel(i), `label the selection ${l}`]),
    ['click a span', 'remove it'],
    ['shift + 1–9', 'review: copy that version into the editor'],
    ['a', 'accept'], ['x', 'reject'], ['space', 'ignore (skip)'], ['backspace', 'undo the last answer'],
    ['? / h', 'this help'], ['esc', 'close help, clear the selection'],
  ];
  return (
    <div class="overlay" role="dialog" aria-label="keyboard help" onClick={onClose}>
      <div class="help" onClick={(e) => e.stopPropagation()}>
        <h2>Keys</h2>
        <table>
          <tbody>
            {rows.map(([k, v]) => (
              <tr key={k}><td><kbd>{k}</kbd></td><td>{v}</td></tr>
            ))}
          </tbody>
        </table>
        <p class="muted">Every answer is saved when you give it. Suggestions show where they came from: pattern, model (with its score) or user.</p>
        <button onClick={onClose}>close</button>
      </div>
    </div>
  );
}
