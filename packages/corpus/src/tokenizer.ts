import { OffsetMap } from './offsets.js';
import type { Token } from './types.js';

/**
 * A rule-based tokenizer for Spanish (and English) in the manner of spaCy's: split on whitespace,
 * then peel prefixes and suffixes off each chunk, keeping whole the things that must stay whole
 * (URLs, e-mails, @handles, #hashtags, numbers such as 1.234,56, abbreviations such as `Sr.` or
 * `EE.UU.`). Clitics (`dámelo`) and contractions (`del`, `al`) are not split, as in spaCy's Spanish.
 * Offsets are code points; tokens round-trip: `tokens.map(t => t.text + (t.ws ? ' ' : '')).join('')`
 * equals the input.
 */

const LETTER = '\\p{L}\\p{M}';
/** Things kept whole when a chunk (after prefixes/suffixes are peeled) matches entirely. */
const KEEP_WHOLE: RegExp[] = [
  /^(?:https?:\/\/|ftp:\/\/|www\.)[^\s]*[^\s.,;:!?)\]}"'»”’…]$/iu, // URL, not ending in punctuation
  /^[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}$/u, // e-mail
  /^@[\p{L}\p{N}_]+$/u, // @handle
  /^#[\p{L}\p{N}_]+$/u, // #hashtag
  /^[+-]?\d+(?:[.,]\d+)*$/u, // 12 · 3,5 · 1.234.567,89 · 3.14
  /^\d{1,2}:\d{2}(?::\d{2})?$/u, // 10:30
  /^\d+(?:º|ª|\.º|\.ª|er|ro|do|to|vo|no)$/u, // 1º 2ª 3.º 1er
  new RegExp(`^(?:[${LETTER}]\\.){2,}$`, 'u'), // EE.UU. S.A. p.ej.
  new RegExp(`^(?:[${LETTER}]+\\.){1,}[${LETTER}]+\\.$`, 'u'), // EE.UU. with longer parts
];

/** Abbreviations that keep their final period (lower-cased for lookup). */
const ABBREVIATIONS = new Set(
  ('sr sra srta sres dr dra dres lic ing arq prof profa mr mrs ms st jr etc pág págs pag núm num nº art arts ' +
    'avda av c/ cía vol vols cap caps fig figs ej aprox tel ud uds vd vds dcha izq min máx max mín ' +
    'vs e.g i.e no p pp ed eds coord trad dpto depto admón gral gob sto sta dto ca cf op cit ibid ' +
    'a.c d.c a.m p.m ene feb mar abr may jun jul ago sep sept oct nov dic lun mié jue vie sáb dom ' +
    'inc ltd co corp')
    .split(' '),
);

// ’ ” » › open quotes too in PDFs (typographic quotes set the wrong way round, German/Nordic styles).
const PREFIX = /^(?:[¿¡(\[{"'«“‘„‹’”»›‚*•·–—-]|\.{3}|…|[€$£¥])/u;
const SUFFIX = /(?:\.{3}|…|[.,;:!?)\]}"'»”’›*]|[%‰€$£¥°]|'s)$/u;
/**
 * Infixes split inside a chunk: ellipses, commas/semicolons glued between letters, a slash before a
 * word, `=` between words (`EDITOR=vim`), and a period between a word and a number (`Windows.10`).
 */
const INFIX = new RegExp(`(\\.{3}|…|(?<=[${LETTER}])[,;:](?=[${LETTER}])|(?<=[${LETTER}0-9])[/](?=[${LETTER}]{3,})`
  + `|(?<=[${LETTER}0-9])=(?=[${LETTER}0-9])|(?<=[${LETTER}]{2})\\.(?=\\d))`, 'gu');

function keepWhole(s: string): boolean {
  for (const re of KEEP_WHOLE) if (re.test(s)) return true;
  return false;
}

function isAbbreviation(s: string): boolean {
  if (!s.endsWith('.') || s.length < 2) return false;
  const core = s.slice(0, -1);
  if (ABBREVIATIONS.has(core.toLowerCase())) return true;
  // A single letter with a period is an initial or a short form ("J. R. Jiménez", "v. 2", "p. 14").
  return /^\p{L}$/u.test(core);
}

/**
 * Capitalised words that start sentences and are not surnames: before one, a single capital with a
 * period (`Mac OS X. Figura 11`, `en R. Los datos`) ends a sentence instead of being an initial.
 */
const SENTENCE_OPENERS = new Set(
  ('El La Los Las Lo Un Una Unos Unas Este Esta Estos Estas Ese Esa Esos Esas Eso Esto Aquel Aquella En Por Para Con ' +
    'Sin Sobre Tras Entre Hasta Desde Según Al Se Su Sus Le Les Nos Me Mi Mis Tu Hay Es Son Fue Era Está Están Pero ' +
    'Si No Ya Así Como Cuando Donde Aquí Ahora También Además Luego Después Antes Entonces Finalmente Cada Todo ' +
    'Todos Otro Otra Figura Fig Tabla Capítulo Sección Apartado Véase Ver Nota Ejemplo Paso Cuadro Anexo ' +
    'The This That These In On For It Its We You If See Figure Table')
    .split(' '),
);

/** Splits `X.` into `X` + `.` where the next word opens a sentence and `X.` does not follow an initial. */
function splitFinalCapitals(tokens: Token[]): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const next = tokens[i + 1];
    const prev = tokens[i - 1];
    if (t.ws && next && /^\p{Lu}\.$/u.test(t.text) && SENTENCE_OPENERS.has(next.text) && !(prev && /^\p{L}\.$/u.test(prev.text))) {
      out.push({ ...t, text: t.text.slice(0, -1), end: t.end - 1, ws: false, id: out.length });
      out.push({ text: '.', start: t.end - 1, end: t.end, id: out.length, ws: true });
    } else {
      out.push(out.length === t.id ? t : { ...t, id: out.length });
    }
  }
  return out;
}

/**
 * The common chunk shapes, split without running the rules: a run of letters, marks and digits
 * (`campaña`, `2024`, `1er`) with at most one opening mark (`¿`, `(`, `«`, not `-`: `-5` is a
 * number) and one closing mark (`,` `.` `?` `)` `%`...). No keep-whole, prefix, suffix or infix rule
 * can cut such a run, and the only rule that can keep its closing mark on is an abbreviation's
 * period (`Sr.`), so the result equals `splitChunkByRules` (tokenizer.test.ts compares the two on
 * real Spanish text). About 9 chunks in 10 of Spanish prose take this path.
 */
const PLAIN_CHUNK = new RegExp(`^([¿¡(\\[{"'«“‘„‹’”»›‚*•·–—])?([${LETTER}\\p{N}]+)([.,;:!?)\\]}"'»”’›*%‰€$£¥°])?$`, 'u');

/** Splits one whitespace-free chunk into pieces (UTF-16 strings that concatenate to the chunk). */
export function splitChunk(chunk: string): string[] {
  const m = PLAIN_CHUNK.exec(chunk);
  if (!m) return splitChunkByRules(chunk);
  const [, open, word, close] = m as unknown as [string, string | undefined, string, string | undefined];
  if (open === undefined && close === undefined) return [chunk];
  const pieces = open === undefined ? [] : [open];
  if (close === '.' && isAbbreviation(`${word}.`)) pieces.push(`${word}.`);
  else {
    pieces.push(word);
    if (close !== undefined) pieces.push(close);
  }
  return pieces;
}

/**
 * The rules themselves, for any chunk: peel prefixes and suffixes until what is left is kept whole,
 * then split infixes. `splitChunk` answers the common shapes without them.
 */
export function splitChunkByRules(chunk: string): string[] {
  const prefixes: string[] = [];
  const suffixes: string[] = [];
  let rest = chunk;
  for (let guard = 0; rest.length > 0 && guard < 200; guard++) {
    if (keepWhole(rest) || isAbbreviation(rest)) break;
    const p = PREFIX.exec(rest);
    if (p && p[0].length < rest.length) {
      prefixes.push(p[0]);
      rest = rest.slice(p[0].length);
      continue;
    }
    const s = SUFFIX.exec(rest);
    if (s && s[0].length < rest.length) {
      suffixes.unshift(s[0]);
      rest = rest.slice(0, rest.length - s[0].length);
      continue;
    }
    break;
  }
  const middle = keepWhole(rest) || isAbbreviation(rest) ? [rest] : splitInfixes(rest);
  return [...prefixes, ...middle, ...suffixes].filter((x) => x.length > 0);
}

function splitInfixes(s: string): string[] {
  INFIX.lastIndex = 0;
  if (!INFIX.test(s)) return [s];
  return s.split(INFIX).filter((x) => x !== undefined && x.length > 0);
}

/**
 * The tokens of an example, with one meaning everywhere: its own when it has any (kept as given:
 * CoNLL and Prodigy tokens are the annotation's), else the corpus tokenizer's. An empty `tokens`
 * list counts as none (hand-made records write `"tokens": []`).
 * @example tokensOf({ text: 'Hola, Ana.' }).map((t) => t.text) // ['Hola', ',', 'Ana', '.']
 */
export function tokensOf(example: { text: string; tokens?: Token[] }): Token[] {
  return example.tokens?.length ? example.tokens : tokenize(example.text);
}

/**
 * Tokenizes `text` into tokens with code-point offsets.
 * @example tokenize('¿Dónde está el Sr. García?').map(t => t.text)
 * // ['¿', 'Dónde', 'está', 'el', 'Sr.', 'García', '?']
 */
export function tokenize(text: string): Token[] {
  const map = new OffsetMap(text);
  const tokens: Token[] = [];
  const push = (startU: number, piece: string) => {
    tokens.push({
      text: piece,
      start: map.toCodePoint(startU),
      end: map.toCodePoint(startU + piece.length),
      id: tokens.length,
      ws: false,
    });
  };
  const ws = /\s+/gu;
  let pos = 0;
  const emitChunk = (from: number, to: number) => {
    let at = from;
    for (const piece of splitChunk(text.slice(from, to))) {
      push(at, piece);
      at += piece.length;
    }
  };
  for (let m = ws.exec(text); m !== null; m = ws.exec(text)) {
    if (m.index > pos) emitChunk(pos, m.index);
    let run = m[0];
    let runStart = m.index;
    const last = tokens[tokens.length - 1];
    if (run[0] === ' ' && last && last.end === map.toCodePoint(m.index)) {
      last.ws = true;
      run = run.slice(1);
      runStart += 1;
    }
    if (run.length > 0) push(runStart, run); // other whitespace is a token of its own, as in spaCy
    pos = m.index + m[0].length;
  }
  if (pos < text.length) emitChunk(pos, text.length);
  return splitFinalCapitals(tokens);
}

/** True for tokens that are only whitespace (newlines, extra spaces): they never carry an entity. */
export function isSpaceToken(token: Pick<Token, 'text'>): boolean {
  return /^\s+$/u.test(token.text);
}

/** Rebuilds the text from tokens (`text + ws`), the inverse of `tokenize`. */
export function detokenize(tokens: Pick<Token, 'text' | 'ws'>[]): string {
  let out = '';
  for (const t of tokens) out += t.ws ? `${t.text} ` : t.text;
  return out;
}

/** Tokens for a list of words joined by single spaces (CoNLL-style input). */
export function tokensFromWords(words: string[]): { text: string; tokens: Token[] } {
  const tokens: Token[] = [];
  let cp = 0;
  const parts: string[] = [];
  words.forEach((w, i) => {
    const len = [...w].length;
    const ws = i < words.length - 1;
    tokens.push({ text: w, start: cp, end: cp + len, id: i, ws });
    parts.push(w);
    cp += len + (ws ? 1 : 0);
  });
  return { text: parts.join(' '), tokens };
}
