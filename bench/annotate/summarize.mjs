// Tables, crossing points and the chart of a bench/annotate/simulate.mjs run.
//   node bench/annotate/summarize.mjs DIR [MORE_DIRS...] [--svg docs/img/annotate-simulate.svg]
// Reads each DIR/points.jsonl and DIR/run.json (several runs with the same settings, e.g. a teach
// variant run alone with --arms teach); writes the first DIR's summary.md and chart.vl.json
// (Vega-Lite), and the SVG (rendered by @nerflow/eval's renderSvg, the eval report's renderer) with --svg.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderSvg } from '@nerflow/eval';

const svgAt = process.argv.indexOf('--svg');
const dirs = process.argv.slice(2).filter((a, i, all) => a !== '--svg' && all[i - 1] !== '--svg');
if (!dirs.length) throw new Error('usage: node bench/annotate/summarize.mjs RESULTS_DIR [MORE_DIRS...] [--svg FILE]');
const dir = dirs[0];
const runs = dirs.map((d) => JSON.parse(readFileSync(path.join(d, 'run.json'), 'utf8')));
/** A teach run with patterns is its own arm. */
const points = dirs.flatMap((d, i) => readFileSync(path.join(d, 'points.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l))
  .map((p) => ({ ...p, arm: p.arm === 'teach' && (runs[i].settings.patterns ?? 'none') !== 'none' ? 'teach+patterns' : p.arm })));
const run = runs[0];
const S = run.settings;
for (const r of runs.slice(1)) {
  for (const k of ['data', 'seedSentences', 'binarySeconds', 'manualSeconds', 'step', 'evalDev', 'selectDev']) {
    if (JSON.stringify(r.settings[k]) !== JSON.stringify(S[k])) throw new Error(`runs differ in ${k}: ${S[k]} vs ${r.settings[k]}`);
  }
}
const seeds = [...new Set(points.map((p) => p.seed))].sort((a, b) => a - b);
const times = [...new Set(points.map((p) => p.time_s))].sort((a, b) => a - b);
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const pct = (x) => (100 * x).toFixed(1);

/** Series: manual retrained, teach retrained, teach in-loop; per time, the mean over seeds and the range. */
const series = [
  { name: 'manual (retrained)', arm: 'manual', get: (p) => p.retrained, color: '#636363' },
  { name: 'teach (retrained)', arm: 'teach', get: (p) => p.retrained, color: '#08519c' },
  { name: 'teach (in-loop model)', arm: 'teach', get: (p) => p.inloop, color: '#9ecae1' },
  { name: 'teach+patterns (retrained)', arm: 'teach+patterns', get: (p) => p.retrained, color: '#a63603' },
  { name: 'teach+patterns (in-loop model)', arm: 'teach+patterns', get: (p) => p.inloop, color: '#fdae6b' },
].filter((s) => points.some((p) => p.arm === s.arm));
const at = (arm, t) => points.filter((p) => p.arm === arm && p.time_s === t);
const rows = [];
for (const s of series) {
  for (const t of times) {
    const ps = at(s.arm, t).filter((p) => s.get(p));
    if (ps.length !== seeds.length) continue;
    const f = ps.map((p) => s.get(p).f);
    rows.push({ series: s.name, arm: s.arm, time_s: t, minutes: t / 60, answers: mean(ps.map((p) => p.answers)), f: mean(f), low: Math.min(...f), high: Math.max(...f), perSeed: f });
  }
}
const curve = (name) => rows.filter((r) => r.series === name);

/** Where curve b first rises above (or falls below) curve a, on x, by linear interpolation; null when the sign never changes. */
function crossings(a, b, x, names) {
  const xs = [...new Set([...a.map(x), ...b.map(x)])].sort((u, v) => u - v).filter((v) => v >= Math.max(x(a[0]), x(b[0])) && v <= Math.min(x(a.at(-1)), x(b.at(-1))));
  const interp = (c, v) => {
    for (let i = 1; i < c.length; i++) {
      if (x(c[i]) >= v) { const u = (v - x(c[i - 1])) / (x(c[i]) - x(c[i - 1]) || 1); return c[i - 1].f + u * (c[i].f - c[i - 1].f); }
    }
    return c.at(-1).f;
  };
  const out = [];
  let prev;
  for (const v of xs) {
    const d = interp(b, v) - interp(a, v);
    if (prev && Math.sign(d) !== Math.sign(prev.d) && d !== 0) {
      const u = prev.d / (prev.d - d);
      out.push({ at: prev.v + u * (v - prev.v), to: `${d > 0 ? names[1] : names[0]} ahead after it` });
    }
    if (d !== 0) prev = { v, d };
  }
  return out;
}

const manual = curve('manual (retrained)');
const teachArms = ['teach', 'teach+patterns'].filter((a) => points.some((p) => p.arm === a));
const lines = [];
lines.push(`# Simulated annotation: ${S.data} ${S.label}, seeds ${seeds.join(', ')}`);
lines.push('');
for (const r of runs) lines.push(`- \`${r.command}\`: ${r.cores} cores, load ${r.loadStart} at the start, ${r.loadEnd} at the end, ${(r.wallSeconds / 60).toFixed(1)} min (${r.date})`);
lines.push(`- Time model: ${S.manualSeconds} s per manual sentence (seed set included), ${S.binarySeconds} s per binary answer. Seed set: ${S.seedSentences} sentences annotated manually by both arms.`);
lines.push('');
const rng = (r) => (r ? `${pct(r.f)} (${pct(r.low)}-${pct(r.high)})` : '-');
lines.push(`| minutes | manual sentences | manual F1 | ${teachArms.map((a) => `${a} answers (accepted) | ${a} F1 retrained | ${a} F1 in-loop`).join(' | ')} |`);
lines.push(`|---|---|---|${teachArms.map(() => '---|---|---|').join('')}`);
for (const t of times) {
  const m = manual.find((r) => r.time_s === t);
  const cells = teachArms.map((a) => {
    const tp = at(a, t);
    const tr = curve(`${a} (retrained)`).find((r) => r.time_s === t), il = curve(`${a} (in-loop model)`).find((r) => r.time_s === t);
    return `${tp.length ? `${mean(tp.map((p) => p.answers)).toFixed(0)} (${mean(tp.map((p) => p.accepts)).toFixed(0)})` : '-'}${tp.some((p) => p.dry) ? ' dry' : ''} | ${rng(tr)} | ${rng(il)}`;
  });
  lines.push(`| ${(t / 60).toFixed(0)} | ${m ? S.seedSentences + m.answers : '-'} | ${rng(m)} | ${cells.join(' | ')} |`);
}
lines.push('');
lines.push('F1 in % on the eval dev slice: mean over seeds (min-max). "dry": teach had no question left for some seed (its last model is kept).');
lines.push('');
const say = (label, xs, unit) => lines.push(`- ${label}: ${xs.length ? xs.map((c) => `${c.at.toFixed(1)} ${unit} (${c.to})`).join(', ') : 'none in the measured range'}`);
lines.push('Crossings of the mean curves (linear interpolation between checkpoints):');
for (const s of series.filter((x) => x.arm !== 'manual')) {
  const c = curve(s.name);
  say(`manual vs ${s.name}, by annotator time`, crossings(manual, c, (r) => r.minutes, ['manual', s.arm]), 'min');
  say(`manual vs ${s.name}, by number of answers`, crossings(manual, c, (r) => r.answers, ['manual', s.arm]), 'answers');
}
// Break-even cost of a binary answer: the manual time that first reaches teach's F1, over teach's answers.
lines.push('');
lines.push(`Break-even seconds per binary answer: the manual time that first reaches the teach model's F1 (mean curves, interpolated) divided by teach's answers; teach wins at any binary answer faster than this. Manual starts at ${pct(manual[0].f)} (the seed model).`);
for (const s of series.filter((x) => x.arm !== 'manual')) {
  const seen = new Set();
  for (const r of curve(s.name).slice(1)) {
    if (seen.has(r.answers)) continue;
    seen.add(r.answers);
    const i = manual.findIndex((m) => m.f >= r.f);
    let text;
    if (i === 0) text = 'not above the seed model: worth 0 s';
    else if (i < 0) text = `manual never reaches it by ${S.seedSentences + manual.at(-1).answers} sentences`;
    else {
      const a = manual[i - 1], b = manual[i];
      const sentences = a.answers + ((r.f - a.f) / (b.f - a.f || 1)) * (b.answers - a.answers);
      text = `manual first reaches it at ${sentences.toFixed(0)} more sentences: ${(sentences * S.manualSeconds / r.answers).toFixed(2)} s per binary answer`;
    }
    lines.push(`- ${s.name}, ${r.answers.toFixed(0)} answers (F1 ${pct(r.f)}): ${text}`);
  }
}
writeFileSync(path.join(dir, 'summary.md'), `${lines.join('\n')}\n`);
console.log(lines.join('\n'));

const values = rows.flatMap((r) => [
  { panel: 'simulated annotator time (minutes)', x: r.minutes, ...pick(r) },
  { panel: 'answers (manual: sentences; teach: binary, after the seed set)', x: r.answers, ...pick(r) },
]);
function pick(r) { return { series: r.series, f: r.f, low: r.low, high: r.high }; }
const colors = { domain: series.map((s) => s.name), range: series.map((s) => s.color) };
const spec = {
  $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
  title: `${S.label} F1 on ${S.evalDev} dev sentences (${S.data}), mean and range of ${seeds.length} seeds`,
  data: { values },
  facet: { column: { field: 'panel', type: 'nominal', title: null, sort: ['simulated annotator time (minutes)'] } },
  resolve: { scale: { x: 'independent' } },
  spec: {
    width: 320, height: 240,
    encoding: {
      x: { field: 'x', type: 'quantitative', title: null },
      color: { field: 'series', type: 'nominal', scale: colors, legend: { orient: 'bottom', title: null, columns: 3, labelLimit: 300, symbolOpacity: 1, symbolType: 'stroke', symbolStrokeWidth: 3 } },
    },
    layer: [
      { mark: { type: 'area', opacity: 0.1 }, encoding: { y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' } } },
      { mark: { type: 'line', point: true }, encoding: { y: { field: 'f', type: 'quantitative', title: `${S.label} F1`, scale: { zero: true } }, tooltip: [{ field: 'series' }, { field: 'x' }, { field: 'f', format: '.3f' }] } },
    ],
  },
};
writeFileSync(path.join(dir, 'chart.vl.json'), `${JSON.stringify(spec, null, 1)}\n`);
if (svgAt > 0) writeFileSync(process.argv[svgAt + 1], await renderSvg(spec));
