// Writes the small hostile fixtures the reliability tests and bench/faults replay (committed; rerun
// to regenerate): a truncated gzip, Latin-1 and UTF-16 text, escape sequences in tokens and labels,
// CoNLL without blank lines, a span past the end of its text.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const out = join(import.meta.dirname, '../../packages/corpus/src/__fixtures__/hostile');
mkdirSync(out, { recursive: true });
const sentences = [
  'La Comisión Europea aprobó ayer en Bruselas el plan de Google para Madrid.',
  'Ana Pérez dirige el Instituto Cervantes desde 2019.',
  'El Real Madrid ganó en Sevilla con dos goles de Vinícius.',
  'La Universidad de Salamanca abrió un curso sobre Cervantes.',
];
const jsonl = (recs) => recs.map((r) => JSON.stringify(r)).join('\n') + '\n';
const many = Array.from({ length: 200 }, (_, i) => ({ text: sentences[i % sentences.length], meta: { i } }));

// A gzip cut in half: reading must fail with E_CORPUS_ENCODING, never a partial output.
const gz = gzipSync(jsonl(many));
writeFileSync(join(out, 'truncated.jsonl.gz'), gz.subarray(0, Math.floor(gz.length / 2)));
// Line 50 is not JSON (the probe's `file:50` case).
writeFileSync(join(out, 'bad-line-50.jsonl'), jsonl(many.slice(0, 49)) + '{"text": "Sevilla sin cerrar\n' + jsonl(many.slice(49, 60)));
// Latin-1 and UTF-16 plain text (`Año` must not become `A�o`).
const txt = 'Año nuevo en Logroño: la Región de Murcia invierte en energía.\nEl señor Muñoz visitó Cádiz.\n';
writeFileSync(join(out, 'latin1.txt'), Buffer.from(txt, 'latin1'));
writeFileSync(join(out, 'utf16le.txt'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(txt, 'utf16le')]));
// Terminal escapes: an OSC title + clear-screen in a label, an OSC 52 clipboard write in a token.
const osc = '\u001b]0;PWNED\u0007\u001b[2J';
const clip = '\u001b]52;c;ZWNobyBQV05FRA==\u0007';
writeFileSync(join(out, 'escapes.jsonl'), jsonl([
  { text: `Ana visitó Bruselas${clip}.`, tokens: [
    { text: 'Ana', start: 0, end: 3, id: 0 }, { text: 'visitó', start: 4, end: 10, id: 1 },
    { text: `Bruselas${clip}`, start: 11, end: 19 + [...clip].length, id: 2 }, { text: '.', start: 19 + [...clip].length, end: 20 + [...clip].length, id: 3 }],
  spans: [{ start: 0, end: 3, token_start: 0, token_end: 0, label: `PER${osc}` }] },
]));
// CoNLL without blank lines between sentences (one giant example without a warning before).
const conll = sentences.flatMap((s) => s.replace(/\./, ' .').split(' ').map((w) => `${w} O`)).join('\n') + '\n';
writeFileSync(join(out, 'no-blank-lines.conll'), conll.repeat(30));
// A span that ends past the end of its text.
writeFileSync(join(out, 'span-past-end.jsonl'), jsonl([
  { text: 'Ana vive en Madrid.', spans: [{ start: 12, end: 40, label: 'LOC' }] },
]));
console.log(`fixtures in ${out}`);
