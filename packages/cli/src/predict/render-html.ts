import type { Example, Span } from '@nerflow/corpus';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Escapes text for HTML: text from PDFs is data, never markup. */
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

const PALETTE = ['#aa9cfc', '#7aecec', '#bfeeb7', '#feca74', '#ff9561', '#c887fb', '#9cc9cc', '#ffeb80', '#ff8197', '#bfe1d9'];

/** The label's colour: spaCy's displaCy palette, stable per label name. */
function colour(label: string, labels: string[]): string {
  return PALETTE[labels.indexOf(label) % PALETTE.length]!;
}

/** One example as HTML: its text, escaped, with each entity marked as displaCy's "ent" style does. */
function markup(ex: Example, labels: string[]): string {
  const cps = [...ex.text];
  const spans = [...(ex.spans ?? [])].sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const s of spans as Span[]) {
    if (s.start < at) continue; // overlapping spans: the first wins, as displaCy draws them
    out += escapeHtml(cps.slice(at, s.start).join(''));
    const score = typeof s.score === 'number' ? ` title="${escapeHtml(`${s.label} ${(100 * s.score).toFixed(0)}%`)}"` : '';
    out += `<mark class="entity" style="background: ${colour(s.label, labels)}"${score}>${escapeHtml(cps.slice(s.start, s.end).join(''))}<span class="label">${escapeHtml(s.label)}</span></mark>`;
    at = s.end;
  }
  return out + escapeHtml(cps.slice(at).join(''));
}

/** A self-contained page of the examples with their entities (no scripts, no outside resources). */
export function renderEntitiesHtml(examples: Example[], title: string): string {
  const labels = [...new Set(examples.flatMap((e) => (e.spans ?? []).map((s) => s.label)))].sort();
  const bySource = new Map<string, Example[]>();
  for (const ex of examples) {
    const src = String((ex.meta as { source?: unknown } | undefined)?.source ?? '');
    bySource.set(src, [...(bySource.get(src) ?? []), ex]);
  }
  const sections = [...bySource].map(([src, exs]) => `<section>${src ? `<h2>${escapeHtml(src)}</h2>` : ''}\n${exs.map((e) => `<p>${markup(e, labels)}</p>`).join('\n')}\n</section>`);
  const legend = labels.map((l) => `<mark class="entity" style="background: ${colour(l, labels)}">${escapeHtml(l)}</mark>`).join(' ');
  return `<!doctype html>
<html lang="es"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(title)}</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 2.4; }
h2 { font-size: 1rem; color: #555; line-height: 1.4; }
mark.entity { padding: 0.25em 0.4em; margin: 0 0.2em; border-radius: 0.35em; line-height: 1; }
mark.entity .label { font-size: 0.7em; font-weight: bold; text-transform: uppercase; margin-left: 0.4rem; vertical-align: middle; }
</style></head><body>
<h1>${escapeHtml(title)}</h1>
<p>${legend}</p>
${sections.join('\n')}
</body></html>
`;
}
