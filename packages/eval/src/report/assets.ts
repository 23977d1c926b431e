/** Inline CSS of the HTML report (no external fonts or sheets: the file must open offline). */
export const STYLE = `
:root { --fg: #1d2330; --muted: #667085; --line: #e4e7ec; --accent: #08519c; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: #f7f8fa; }
main { max-width: 1180px; margin: 0 auto; padding: 24px 28px 48px; }
h1 { font-size: 22px; margin: 0 0 6px; } h2 { font-size: 17px; margin: 0 0 10px; } h3 { font-size: 14px; margin: 18px 0 8px; }
small, .help, .meta, .note, footer { color: var(--muted); } small { font-weight: normal; }
section { background: white; border: 1px solid var(--line); border-radius: 10px; padding: 18px 20px; margin: 16px 0; }
code { font-size: 12px; background: #f2f4f7; padding: 1px 5px; border-radius: 4px; word-break: break-all; }
.cards { display: flex; gap: 12px; flex-wrap: wrap; }
.card { flex: 1 1 180px; border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; }
.card .name { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.card .value { font-size: 28px; font-weight: 600; color: var(--accent); }
.card .note { font-size: 12px; }
.row { display: flex; gap: 24px; flex-wrap: wrap; align-items: flex-start; }
figure { margin: 0; } figure svg { max-width: 100%; height: auto; }
table { border-collapse: collapse; font-size: 13px; }
th, td { padding: 4px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
table.num td:not(:first-child), table.num th:not(:first-child) { text-align: right; font-variant-numeric: tabular-nums; }
table.sortable th { cursor: pointer; user-select: none; } table.sortable th:hover { color: var(--accent); }
tr.total td { font-weight: 600; border-top: 2px solid var(--fg); }
tr.sig td { font-weight: 600; }
table.num.groups td:last-child, table.num.groups th:last-child { text-align: left; }
td q { font-style: normal; }
table.errors { width: 100%; } table.errors td.ctx { min-width: 420px; }
td.where { color: var(--muted); font-size: 12px; white-space: nowrap; }
mark { background: #fde68a; padding: 0 2px; border-radius: 3px; }
input.filter { font: inherit; padding: 5px 10px; width: 320px; border: 1px solid var(--line); border-radius: 6px; }
.verdict { font-size: 15px; font-weight: 600; }
footer { font-size: 12px; margin-top: 24px; }
`;

/** Filter box for the error list (plain substring match on the row text) and click-to-sort for tables with class "sortable" (numbers numerically, text with localeCompare). */
export const SORT_SCRIPT = `
document.querySelectorAll('input.filter').forEach(function (input) {
  var table = document.querySelector('table.' + input.dataset.table);
  input.addEventListener('input', function () {
    var q = input.value.toLowerCase();
    Array.prototype.forEach.call(table.tBodies[0].rows, function (r) { r.style.display = r.textContent.toLowerCase().indexOf(q) === -1 ? 'none' : ''; });
  });
});
document.querySelectorAll('table.sortable').forEach(function (table) {
  table.querySelectorAll('th').forEach(function (th, col) {
    th.addEventListener('click', function () {
      var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
      var dir = th.dataset.dir === 'asc' ? -1 : 1; th.dataset.dir = dir === 1 ? 'asc' : 'desc';
      var key = function (r) { var t = r.cells[col] ? r.cells[col].textContent.trim() : ''; var n = parseFloat(t.replace(/[^0-9.+-]/g, '')); return /^[-+]?[0-9.]+/.test(t) && !isNaN(n) ? n : t; };
      rows.sort(function (a, b) { var x = key(a), y = key(b); return (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y))) * dir; });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
});
`;
