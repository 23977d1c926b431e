import { NONE, type Confusion } from '../confusion.js';
import { ERROR_KINDS, groupErrors, kindName, type ErrorItem } from '../errorList.js';
import { SCHEMAS, type PartialViews } from '../partial.js';
import type { ResultsJson } from '../results.js';
import { confusionSpec, curveSpec, deltaSpec, errorKindsSpec, labelScoresSpec, renderSvg, type CurvePoint } from './charts.js';
import { html, raw, type SafeHtml } from './escape.js';
import { STYLE, SORT_SCRIPT } from './assets.js';
import { curveTable, type OldBefore } from './curveTable.js';

const pct = (x: number) => `${(100 * x).toFixed(1)}`;

export interface ReportParts {
  /** Scores of one system (the main part of the report). */
  results?: ResultsJson;
  /** Learning-curve points and the verdict, from `eval curve`. */
  curve?: { points: CurvePoint[]; verdict: string; oldBefore?: OldBefore | null };
  /** Per-label deltas from `eval compare`. */
  compare?: { a: string; b: string; rows: { label: string; a: number; b: number; delta: number; low: number | null; high: number | null; p: number | null; significant: boolean }[]; note: string };
  /** Most errors listed in the page (the JSON has all of them). */
  maxErrors?: number;
  title?: string;
}

/**
 * One self-contained HTML page (inline CSS, inline SVG charts, a few lines of inline JS to sort
 * tables; nothing fetched), with every corpus-derived string escaped.
 */
export async function renderHtmlReport(parts: ReportParts): Promise<string> {
  const sections: SafeHtml[] = [];
  const r = parts.results;
  if (r) sections.push(...(await resultSections(r, parts.maxErrors ?? 2000)));
  if (parts.curve) {
    sections.push(html`<section><h2>Learning curve</h2>${parts.curve.verdict.split('\n').map((line) => html`<p class="verdict">${line}</p>`)}
      <figure>${raw(await renderSvg(curveSpec(parts.curve.points)))}</figure>${curveTable(parts.curve.points, parts.curve.oldBefore)}</section>`);
  }
  if (parts.compare) {
    const c = parts.compare;
    sections.push(html`<section><h2>Comparison: ${c.b} vs ${c.a}</h2><p>${c.note}</p>
      <figure>${raw(await renderSvg(deltaSpec(c.rows)))}</figure>
      <table class="sortable"><thead><tr><th>label</th><th>F1 A</th><th>F1 B</th><th>Δ</th><th>95% CI of Δ</th><th>p</th></tr></thead><tbody>
      ${c.rows.map((x) => html`<tr class="${x.significant ? 'sig' : ''}"><td>${x.label}</td><td>${pct(x.a)}</td><td>${pct(x.b)}</td><td>${(x.delta >= 0 ? '+' : '') + pct(x.delta)}</td>
        <td>${x.low === null ? '–' : `${pct(x.low)} … ${pct(x.high!)}`}</td><td>${x.p === null ? '–' : x.p.toFixed(3)}</td></tr>`)}
      </tbody></table></section>`);
  }
  const title = parts.title ?? (r ? `nerflow eval: ${r.name}` : 'nerflow eval');
  return html`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>${title}</title><style>${raw(STYLE)}</style></head><body><main><h1>${title}</h1>
${sections}
<footer>Written by nerflow eval on ${new Date().toISOString().slice(0, 10)}. Entity scores use exact span and type matching.</footer></main>
<script>${raw(SORT_SCRIPT)}</script></body></html>
`.value;
}

async function resultSections(r: ResultsJson, maxErrors: number): Promise<SafeHtml[]> {
  const ci = r.bootstrap;
  const mode = r.mode === 'strict' ? `strict ${String(r.scheme ?? 'IOB2')} (seqeval mode="strict")` : 'conlleval chunk rules (seqeval default)';
  const errors = (r.errors as ErrorItem[] | undefined) ?? [];
  const partial = r.partial as PartialViews | undefined;
  const confusion = r.confusion as Confusion | undefined;
  const source = [r.model && html`model <code>${r.model}</code>`, r.pred && html`predictions <code>${r.pred}</code>`,
    r.patterns && html`patterns <code>${r.patterns}</code>`].filter(Boolean);
  const out: SafeHtml[] = [];
  out.push(html`<section class="summary"><p class="meta">Gold <code>${r.gold}</code>${source.length ? html` · ${source.map((s, i) => html`${i ? ', ' : ''}${s}`)}` : ''}
    · ${r.sentences.toLocaleString('en-US')} sentences, ${Number(r.tokens ?? 0).toLocaleString('en-US')} tokens · ${mode}</p>
    <div class="cards">
      ${card('F1', r.micro.f, ci ? `${pct(ci.micro.low)}–${pct(ci.micro.high)} (${Math.round(ci.level * 100)}% CI, ${ci.samples} resamples)` : 'no bootstrap (--bootstrap N)')}
      ${card('precision', r.micro.p, `${r.micro.tp} of ${r.micro.tp + r.micro.fp} predicted`)}
      ${card('recall', r.micro.r, `${r.micro.tp} of ${r.micro.tp + r.micro.fn} gold`)}
      ${card('token accuracy', r.accuracy, 'tags equal, O included')}
    </div></section>`);
  out.push(html`<section><h2>Per label</h2><div class="row"><figure>${raw(await renderSvg(labelScoresSpec(r.perLabel, r.micro, ci ? { ...ci.perLabel, micro: ci.micro } : undefined)))}</figure>
    <table class="sortable num"><thead><tr><th>label</th><th>P</th><th>R</th><th>F1</th>${ci ? html`<th>F1 CI</th>` : ''}<th>TP</th><th>FP</th><th>FN</th></tr></thead><tbody>
    ${[...Object.entries(r.perLabel), ['micro', r.micro] as const].map(([l, s]) => html`<tr${l === 'micro' ? raw(' class="total"') : ''}><td>${l}</td><td>${pct(s.p)}</td><td>${pct(s.r)}</td><td>${pct(s.f)}</td>
      ${ci ? html`<td>${(l === 'micro' ? ci.micro : ci.perLabel[l]) ? `${pct((l === 'micro' ? ci.micro : ci.perLabel[l]!).low)}–${pct((l === 'micro' ? ci.micro : ci.perLabel[l]!).high)}` : ''}</td>` : ''}
      <td>${s.tp}</td><td>${s.fp}</td><td>${s.fn}</td></tr>`)}
    </tbody></table></div></section>`);
  if (partial) {
    out.push(html`<section><h2>Partial-credit views <small>(SemEval-2013 9.1, as nervaluate)</small></h2>
      <p class="help">strict: exact span and type · exact: exact span, any type · partial: overlap counts half · type: some overlap, right type.</p>
      <table class="num"><thead><tr><th>view</th><th>correct</th><th>incorrect</th><th>partial</th><th>missed</th><th>spurious</th><th>P</th><th>R</th><th>F1</th></tr></thead><tbody>
      ${SCHEMAS.map((s) => { const c = partial[s]; return html`<tr><td>${s === 'ent_type' ? 'type' : s}</td><td>${c.correct}</td><td>${c.incorrect}</td><td>${c.partial}</td><td>${c.missed}</td><td>${c.spurious}</td><td>${pct(c.precision)}</td><td>${pct(c.recall)}</td><td>${pct(c.f1)}</td></tr>`; })}
      </tbody></table></section>`);
  }
  if (confusion) {
    out.push(html`<section><h2>Confusion matrix</h2><p class="help">Gold and predicted entities on exactly the same tokens. Row ${NONE}: predictions with no gold entity on those tokens; column ${NONE}: gold entities with no prediction on those tokens (boundary errors land here too).</p>
      <figure>${raw(await renderSvg(confusionSpec(confusion)))}</figure></section>`);
  }
  const taken = (r.taken as Record<string, Record<string, number>> | undefined) ?? {};
  if (Object.keys(taken).length) out.push(takenSection(taken, r.perLabel));
  if (errors.length > 0) {
    const groups = groupErrors(errors);
    out.push(html`<section><h2>Errors</h2><div class="row"><figure>${raw(await renderSvg(errorKindsSpec(errors)))}</figure>
      <table class="sortable num groups"><thead><tr><th>label</th><th>kind</th><th>count</th><th>most frequent</th></tr></thead><tbody>
      ${groups.map((g) => html`<tr><td>${g.label}</td><td>${kindName(g)}</td><td>${g.count}</td><td class="text">${g.top.map((t, i) => html`${i ? ' · ' : ''}<q>${t.text}</q>${t.count > 1 ? ` ×${t.count}` : ''}`)}</td></tr>`)}
      </tbody></table></div>
      <h3>All errors${errors.length > maxErrors ? ` (first ${maxErrors} of ${errors.length}; the JSON has all)` : ''} <small>click a column to sort</small></h3>
      <p><input type="search" class="filter" data-table="errors" placeholder="filter: a label, a kind, a word…" aria-label="filter the errors"></p>
      <table class="sortable errors"><thead><tr><th>label</th><th>kind</th><th>gold</th><th>predicted</th><th>context</th><th>where</th></tr></thead><tbody>
      ${errors.slice(0, maxErrors).map((e) => html`<tr class="k-${ERROR_KINDS.indexOf(e.kind)}"><td>${e.label}</td><td>${kindName(e)}</td>
        <td>${e.gold ? html`<q>${e.gold.text}</q> ${e.gold.label}` : '–'}</td><td>${e.pred ? html`<q>${e.pred.text}</q> ${e.pred.label}` : '–'}</td>
        <td class="ctx">${e.left} <mark>${e.focus}</mark> ${e.right}</td><td class="where" title="${e.where}">${shortWhere(e.where)}</td></tr>`)}
      </tbody></table></section>`);
  }
  return out;
}

/**
 * Gold entities of the scored labels that the model gave to a label that is not scored (with
 * `--labels`: the base model's old types claiming the user's new ones), per pair, with the share
 * of that label's gold: what to fix first when new types are added to a base model.
 */
function takenSection(taken: Record<string, Record<string, number>>, labels: Record<string, { tp: number; fn: number }>): SafeHtml {
  const rows = Object.entries(taken).flatMap(([gold, by]) => Object.entries(by).map(([other, n]) => ({ gold, other, n, of: (labels[gold]?.tp ?? 0) + (labels[gold]?.fn ?? 0) })))
    .sort((a, b) => b.n - a.n || (a.gold < b.gold ? -1 : 1));
  return html`<section><h2>Taken by other labels</h2><p class="help">Gold entities of a scored label whose tokens the model gave to a label that is not scored (a base model's old types, e.g. "Instagram" as ORG). They count as missed in the scores; in the error list their kind is "taken by LABEL".</p>
    <table class="sortable num"><thead><tr><th>gold label</th><th>taken by</th><th>entities</th><th>share of its gold</th></tr></thead><tbody>
    ${rows.map((x) => html`<tr><td>${x.gold}</td><td>${x.other}</td><td>${x.n}</td><td>${x.of ? pct(x.n / x.of) : '–'}%</td></tr>`)}
    </tbody></table></section>`;
}

/** `/long/path/esp.testa:124` -> `esp.testa:124` (the full path stays in the title). */
function shortWhere(where: string): string {
  return where.slice(where.lastIndexOf('/') + 1);
}

function card(name: string, value: number, note: string): SafeHtml {
  return html`<div class="card"><div class="name">${name}</div><div class="value">${pct(value)}</div><div class="note">${note}</div></div>`;
}
