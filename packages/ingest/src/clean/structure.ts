/**
 * What a line of a document is, from its text alone (the same rules for every extractor): the
 * clean-up uses it to keep titles out of the next sentence, to start list items on their own, and
 * to mark or drop lines that are not prose (tables of contents, index entries, code).
 */

/**
 * `meta.kind` of an example. `text` is ordinary prose; `fragment` is a prose example too short or
 * too cut to be a sentence (clean/fragment.ts), decided per example rather than per line.
 */
export type LineKind = 'text' | 'heading' | 'toc' | 'index' | 'code' | 'math' | 'table' | 'fragment';

/**
 * Dot leaders of a table of contents: `3.2 ArrayList . . . . . . 12`, `Introducción.......3`; three
 * dots after a question or a numbered title (`¿Cómo cito una página? . . .`, `2.2.4.
 * fancyhdr.sty . . .`), or after a title or entry with no comma or colon (`VHDL DEL REGISTRO . . .`,
 * `descargando flotantes e iniciando una página . . .`; two dots are enough: `4.1.3 Método
 * estanConectadosCamino(String a1, String a2) . .`): contents lines whose page number went to the next line. LaTeX's spaced ellipsis in prose follows a comma
 * or a colon (`‘I’, ‘II’, . . .`, `en diagonal: . . .`).
 */
const TOC = /(?:\.\s?){4,}\s*(?:\d{1,4}|[ivxlc]{1,6})?\s*$|(?:\s\.){4,}|[?!]\s+(?:\.\s?){3}\s*\d{0,4}$|^\d{1,2}(?:\.\d{1,2})+\.?\s.*(?:\s\.){2,}\s*\d{0,4}$|^[^,:;]*[\p{L})](?:\s\.){2,3}$/iu;
/**
 * The blanks of a form to fill in: three or more tokens of dots, ellipses and digits, each with an
 * ellipsis or two dots in a row (`.000 0… …. …. Consulta estándar`); LaTeX's spaced ellipsis `. . .`
 * and the `...` of code are not.
 */
const LEADER_TOKEN = /^(?!\.{3}$)[.…\d]*(?:…|\.\.)[.…\d]*$/u;
/** An index entry: a term, then page numbers (`pie de página, 12, 40–42`). */
const INDEX = /^[\p{L}\\@][^.!?]{0,60}?,\s*\d{1,4}(?:[–-]\d{1,4})?(?:,\s*\d{1,4}(?:[–-]\d{1,4})?)*\s*$/u;
/** Tokens that prose almost never has and code almost always has. */
const CODE_TOKEN = /^(?:[{}();=<>[\]|&+*/%#$\\]+|.*\w&\w.*|.*\\\\$|\/[\w.-]+(?:\/[\w.-]+)+\/?|\\[a-zA-Z@]+.*|.*[{};]$|.*\(\)?;?$|\w+\(.*|.*=.*|#include\S*|--?\w+=.*|[A-Z][A-Z0-9]*_[A-Z0-9_]+[,:]?|[A-Z]+\d+,?|[+#$]?(?:0x[0-9a-fA-F]+|[0-9A-F]+h),?)$/u;
const CODE_START = /^(?:public|private|protected|static|void|int|char|float|double|bool|boolean|unsigned|struct|typedef|enum|size_t|ssize_t|pid_t|return|if|else|for|while|switch|case|def|class|import|from|package|function|const|let|var|SELECT|INSERT|UPDATE|DELETE|CREATE|#include|#define|\\(?:begin|end|usepackage|documentclass|newcommand|def)\b)\b/u;
/** An identifier, not a word: `RV_OUTTO`, `ME9_EV_8`, `SMD41`, `O_NOFOLLOW`, `area.c:`. */
const IDENTIFIER = /^(?:[A-Za-z][A-Za-z0-9]*_[A-Za-z0-9_]*|[A-Z]{2,}\d+[A-Z0-9]*|[A-Z]{1,4}\d+(?:\/\d+)+|[\w-]+\.(?:c|h|py|java|js|ts|sh|txt|tex|sty|cls)):?$/u;
/** A call at the line start, with a string, a format or an open argument list (`printf( "bloques: %ld\n",`). */
const CALL = /^[a-z_][\w.]*\s?\((?!\p{L}{1,2}\))(?:.*["“”%\\]|.*[,({]$)/u;
/** A shell command line: a prompt, or a common command with arguments (`mkdir prueba`, `ls -dlias /tmp`). */
const SHELL = /^(?:[$#]\s?\S|(?:sudo|mkdir|rmdir|touch|chmod|chown|ls|cd|cp|mv|rm|cat|tar|gcc|make|nano|vim|vi|grep|apt|apt-get|dpkg|mount|umount|ssh|scp|ping|ftp|telnet|git|ps|kill|man|echo|export|source|bash|sh|whereis|crontab|find|systemctl|renice|nice|killall|head|tail|wc|sort|diff|gzip|gunzip|unzip|wget|curl|blkid|lsblk|fdisk|chgrp|useradd|usermod|userdel|groupadd|passwd|ln|ld|ar|nm|ldd|\.\/\S+)(?:\s|$))/u;

/** Code's own punctuation: a short line that starts with a brace (`}`, `} else {`), a block opened at the end, comments. */
const CODE_EDGE = /^[{}]\S*(?:\s+\S+){0,3}$|\{\s*$|\/\*|\*\/|^\/\//u;
/**
 * Comments of assembly and Ada-like pseudo-code: a line that starts with `;` (`;Si P_START es 1, se
 * pasa al evento 7`), a label or operand in capitals before ` ;` (`IE.1 ; Habilita interrupciones`),
 * a `--` comment after a statement (`n: Integer; --reservando memoria`) or on its own line (`-- para
 * que la condición llegue a ser cierta`). Prose puts no space before a semicolon and never starts a
 * line with one.
 */
const ASM_COMMENT = /^;|^[A-Z][A-Z0-9_.,]*:?\s+;|;\s*--|[\s\w)*]--\p{Ll}|^--\s?\p{Ll}/u;
/**
 * Spanish pseudo-code of the programming course notes: a condition or loop head with a comparison,
 * after an optional line number (`18. si hora >16 entonces`, `mientras i < n hacer`), or a block
 * end (`fin_si`, `Fin_repetir;`, a numbered `11. Si no`). Prose that says `si ... entonces` has no `>`, `=` or `_`.
 */
const PSEUDO = /^(?:\d{1,3}\.\s*)?(?:(?:si|mientras)\s.*(?:[<>=≠≤≥_]|\s(?:rem|mod)\s).*\s(?:entonces|hacer)|fin_\p{L}+;?|\d{1,3}\.\s*(?:si\s?no|sino))$/iu;
/** VHDL heads (`architecture Behavioral of valor_mon is`, `entity sumador is`). */
const VHDL = /^(?:architecture\s+\w+\s+of|entity\s+\w+\s+is)\b/iu;
/** Ada-like declarations of the course notes (`dividendo, divisor, cociente, resto: Integer;`). */
const DECLARATION = /:\s*(?:Integer|Float|Boolean|Character|String|Natural)\s*;$/u;
/** A shell prompt with user and host (`txipi@neon:~ $ gcc files.c -o files`). */
const PROMPT = /^[\w.-]+@[\w.-]+:\S*\s?[$#]\s/u;
/**
 * LaTeX comments: a line that starts with `% ` and has another (`% recomendamos el estilo plain %
 * solo hace que...`), with `%` and a capital (`% Codificación de caracteres`), with `%%` (`%% This
 * version of \RR can be used...`), or a command or closing brace before ` % ` (`\makesignature % no
 * en ltugproc`, `... % Mas definiciones`); `70 % to 95 %` and the rest of a wrapped `50 %` (`% de
 * los clientes...`) are prose (a run of `%` lines is code: `commentRuns`).
 */
const TEX_COMMENTS = /^%\s.*\s%(?:\s|$)|^%\s?\p{Lu}\p{Ll}|^%%|(?:^\\[a-zA-Z@]+\S*|^\.\.\.|[}\]])\s%\s/u;
/** Key chords of an editor (`Ctrl O + Enter + Ctrl X`, `Ctrl + Z`): key names joined by `+`. */
const KEYS = /^(?=.*\+)(?=.*\b(?:Ctrl|Alt|Shift|Mayús)\b)(?:(?:Ctrl|Alt|AltGr|Shift|Mayús|Enter|Intro|Esc|Tab|Supr|Fn|[A-Z0-9])(?:\s*\+\s*|\s+|$))+$/u;
/** A whole line that is one LaTeX command with its arguments (`\netaddress{user (at) ejemplo dot org}`); a sentence around one ends with a stop. */
const TEX_CALL = /^\\[a-zA-Z@]+\*?(?:\[[^\]]*\])*\{.*\}$/u;
/** Arrows that separate the fields of a config line in lab notes (`UUID=1040A947 → /mnt/windows → ntfs-3g →`). */
const ARROW = /^[→⇒]$/u;
/** Mnemonics of the 8051 and 8085 assembly in the course notes (`LIMPIAR_TEMP MOV EVENTO, #10 AJMP`): code tokens when in capitals. */
const MNEMONICS = new Set(['MOV', 'MOVC', 'MOVX', 'AJMP', 'LJMP', 'SJMP', 'JMP', 'JNB', 'JB', 'JBC', 'JZ', 'JNZ', 'JC', 'JNC', 'CJNE', 'DJNZ', 'SETB', 'CLR', 'CPL', 'RET', 'RETI', 'ACALL', 'LCALL', 'CALL', 'PUSH', 'POP', 'INC', 'DEC', 'ADDC', 'SUBB', 'ANL', 'ORL', 'XRL', 'RLC', 'RRC', 'NOP', 'LDA', 'STA', 'LXI', 'MVI', 'HLT', 'LHLD', 'SHLD', 'XCHG', 'EQU', 'ORG', 'DB', 'DW']);
/** A statement: ends with `;` and calls, assigns or indexes something (`write(fd, b, n);`, `x ← 29;`, `examinados . add ( a1 ) ;`). */
const STATEMENT = /;\s*$/u;
const STATEMENT_SIGN = /\w\s?\(|[=←[\]]|\w_\w|\w\+\w|\+\+|->|::|\s\)\s?;$/u;
/** Mathematical alphanumeric symbols (`𝑀𝐻𝑧`): formulas, not words. */
const MATH_LETTER = /[\u{1D400}-\u{1D7FF}]/gu;
/** A line that starts with an operator or relation is a formula's continuation. */
const MATH_START = /^[×±∓÷≤≥≠≈≡→←↔⇒⇔∑∏∫∀∃∈∉⊂⊆∪∩∧∨¬∞∂∇√=]\s*/u;

/**
 * A list item's marker: `4.`, `4)`, `a)`, `•`, `–`, and Word's second-level bullet, which
 * pdftotext writes as the letter `o`, before an item label (`o b) Un método de control de errores`).
 */
const LIST_START = /^(?:\d{1,2}[.)]|[a-zA-Z][)]|[-•–—·▪●○◦■□►✓*]|o(?=\s+[a-zA-Z\d]{1,2}[.)]\s))\s+\S/u;
/** A line that is only a bullet (`○`, `•`): the item's text is on the next line. */
const BULLET_ONLY = /^[-•–—·▪●○◦■□►✓*]$/u;
/** A section number before a title: `3`, `3.2`, `A.1`. */
const SECTION_NUMBER = /^(?:\d{1,2}(?:\.\d{1,2})*\.?|[A-Z](?:\.\d{1,2})+\.?)\s+/u;
/** Ends a sentence or clause: a line that ends so is not a title. */
const CLAUSE_END = /[.,;…!?»"”')\]]$/u;
/** Spanish words a title does not end on (a wrapped line often does). */
const DANGLING = /(?<![\p{L}\-/.@_])(?:de|del|la|las|el|los|lo|un|una|unos|unas|y|e|o|u|ni|que|en|a|al|con|por|para|sin|sobre|entre|como|su|sus|se|es|son|hacia|hasta|desde|según|tras|contra|mediante|durante|cuyo|cuya|cuyos|cuyas|pero|aunque|porque|algún|alguna|algunos|algunas|ningún|ninguna|cualquier|the|of|and|to|in)$/iu;

/** The kind of one line that is not prose, or undefined for prose/headings (decided in context). */
export function lineKind(text: string): Exclude<LineKind, 'text' | 'heading' | 'fragment'> | undefined {
  if (TOC.test(text)) return 'toc';
  if (INDEX.test(text)) return 'index';
  const tokens = text.split(/\s+/u).filter(Boolean);
  if (tokens.length === 0) return undefined;
  // A letter-spaced listing (`S y s t e m . o u t`): mostly one-character tokens.
  if (tokens.length >= 8 && tokens.filter((t) => t.length === 1).length / tokens.length >= 0.5) return 'code';
  if (isMath(text, tokens)) return 'math';
  if (tokens.length >= 3 && tokens.filter((t) => LEADER_TOKEN.test(t)).length >= 3) return 'toc';
  // LaTeX source that ends with a line break `\\` (`izquierda1 & derecha1 & centrado1 \\`), unless a
  // sentence ends before it (`...debajo del espacio para su firma. \\` is the manual's prose).
  if (/\s\\\\$/u.test(text) && !/\p{L}\.\s/u.test(text)) return 'code';
  if (CODE_EDGE.test(text) || ASM_COMMENT.test(text) || TEX_COMMENTS.test(text) || PSEUDO.test(text) || VHDL.test(text) || DECLARATION.test(text) || PROMPT.test(text) || (STATEMENT.test(text) && STATEMENT_SIGN.test(text))) return 'code';
  // A prompt or a shell command without a word of prose around it (`$gcc -o numeroaes general.c -I.`, `touch gato.txt gata.txt`).
  if ((/^\$\s?[a-z]/u.test(text) || (SHELL.test(text) && !/[.?!]$/u.test(text))) && tokens.length <= 12 && !tokens.some((t) => FUNCTION_WORDS.has(t.toLowerCase()))) return 'code';
  // A line that starts with a LaTeX command is code when 70% of its tokens are command-like:
  // prose in the LaTeX manuals wraps commands to line starts (`\parbox tiene dos argumentos obligatorios:`).
  if (/^\\[a-zA-Z@]+/u.test(text) && tokens.filter((t) => /[\\{}[\]\d$_^]/u.test(t) || ([...t].length <= 2 && !FUNCTION_WORDS.has(t.toLowerCase()))).length >= 0.7 * tokens.length) return 'code';
  if (CODE_START.test(text) && /[{}();=<>\\≤≥≠←]/u.test(text)) return 'code';
  // Java: a generic type or an object made with `= new` (`OrderedDoubleLinkedList <Persona> l 4 = new`).
  if (/\s=\s?new(?:\s|$)|^\p{Lu}\w*\s?<\p{Lu}\w*>\s\w+/u.test(text)) return 'code';
  if (CALL.test(text)) return 'code';
  // A shell command: few tokens, no sentence end, an option, a path or a bare argument.
  if (SHELL.test(text) && tokens.length <= 8 && !/[.?!]$/u.test(text) && (tokens.length <= 3 || tokens.some((t) => /^-|\//u.test(t)))) return 'code';
  if (tokens.length <= 3 && tokens.every((t) => IDENTIFIER.test(t) || MNEMONICS.has(t.replace(/,$/u, '')) || /^[-=<>:]+$/u.test(t))) return 'code';
  if (KEYS.test(text) || TEX_CALL.test(text)) return 'code';
  // Between arrows, the fields of a config line are counted without the arrows and bare numbers (`defaults,dmask=027 → 0 → 0`).
  const counted = tokens.some((t) => ARROW.test(t)) ? tokens.filter((t) => !ARROW.test(t) && !/^\d+$/u.test(t)) : tokens;
  if (counted.length === 0) return undefined;
  const code = counted.filter((t) => CODE_TOKEN.test(t) || MNEMONICS.has(t) || /^#\d+,?$/u.test(t)).length;
  return (tokens.length >= 2 || /^\\/u.test(text)) && code / counted.length >= 0.5 ? 'code' : undefined;
}

/**
 * A formula or a piece of one: mostly mathematical letters (`12𝑀𝐻𝑧`), a line that starts with an
 * operator and has few words (`× es-sloppy`, `= 102,4𝑑 ≈ 102𝑑`), or 3+ tokens of one or two
 * characters, fewer than half of them words (`B m n o`, `x y z`).
 */
function isMath(text: string, tokens: string[]): boolean {
  // Mathematical letters are astral (U+1D400...): only lines with surrogates pay for counting them.
  if (text.includes('\uD835')) {
    const math = text.match(MATH_LETTER)?.length ?? 0;
    if (math > 0 && math >= 0.3 * (text.match(/\p{L}/gu)?.length ?? 0)) return true;
  }
  // ... unless words follow (`⇒ Macros para ser usadas en el texto`: the arrow is a bullet).
  if (MATH_START.test(text) && (text.match(/\p{L}{3,}/gu)?.length ?? 0) < 4) return true;
  // A short line that ends by giving a value (`Amortización acum. maq. = -843,75€`, `Resultados del Ejercicio = 415698,03€`).
  if (tokens.length <= 6 && !/[_{};]/u.test(text) && /\s=\s?[-−]?\d[\d.,’']*\s?[€$%]?(?:\/\p{L}+)?$/u.test(text)) return true;
  // An assignment or equation with hardly a word around it (`Caja = 400€`, `Total Activo = 22760,32€`, `x = 2y + 3`).
  const words = text.match(/\p{L}{3,}/gu)?.length ?? 0;
  if (/\s=\s/u.test(text) && (words <= 1 || (words === 2 && !/[{};_]|\w\(/u.test(text) && !tokens.some((t) => FUNCTION_WORDS.has(t.toLowerCase()))))) return true;
  // Symbols on their own: 3+ tokens of one or two characters, fewer than half of them words
  // (`x y z`, `B m n o`), or one or two Greek/other non-Latin letters alone (`χ`, `ν`).
  // Strings of a formal language, Greek and Latin letters in one token (`sí ααaaaβbbbb ααaaaββbbb`).
  if (tokens.filter((t) => /\p{Script=Greek}/u.test(t) && /\p{Script=Latin}/u.test(t)).length >= tokens.length / 2) return true;
  // A comma after a symbol does not make it a word (`qb, α, R qa qb, α, R`).
  const bare = tokens.map((t) => t.replace(/[,;]$/u, ''));
  return bare.every((t) => [...t].length <= 2) && bare.filter((t) => SHORT_WORDS.has(t.toLowerCase())).length < bare.length / 2
    && (bare.length >= 3 || bare.every((t) => /^[\p{L}\p{M}]+$/u.test(t) && !/\p{Script=Latin}/u.test(t)));
}

/** Words that prose has in nearly every line and code almost never: Spanish and English function words. */
const FUNCTION_WORDS = new Set(['de', 'del', 'la', 'las', 'el', 'los', 'lo', 'un', 'una', 'y', 'e', 'o', 'u', 'que', 'en', 'a', 'al', 'con', 'por', 'para', 'sin', 'como', 'su', 'sus', 'se', 'es', 'son', 'no', 'si', 'más', 'the', 'of', 'and', 'to', 'in', 'is', 'for', 'with', 'this', 'that']);

/** Spanish and English words of one or two letters (a line of them is prose, not `x y z`). */
const SHORT_WORDS = new Set(['a', 'e', 'o', 'u', 'y', 'de', 'el', 'la', 'lo', 'le', 'en', 'un', 'es', 'se', 'si', 'sí', 'no', 'ni', 'al', 'su', 'tu', 'tú', 'mi', 'me', 'te', 'ya', 'ha', 'he', 'va', 'da', 'yo', 'os', 'nos', 'i', 'an', 'as', 'at', 'be', 'by', 'do', 'go', 'if', 'in', 'is', 'it', 'of', 'on', 'or', 'so', 'to', 'up', 'we']);

/** True when a line ends on a word a sentence cannot stop at (`de`, `con`, `la`...): it goes on in the next line. */
export function endsDangling(text: string): boolean {
  return DANGLING.test(text);
}

/**
 * True when a line is only a bullet, its item's text on the next line (it is dropped, and the item
 * starts there). A lone `o` is Word's bullet only before an item label or another lone `o` (`o` /
 * `a) Un método...`);
 * elsewhere it is a letter (`como en ~` / `o` / `y ^o`: the example of an accent).
 */
export function isBulletOnly(text: string, next: string | undefined): boolean {
  return BULLET_ONLY.test(text) || (text === 'o' && next !== undefined && (next === 'o' || /^[a-zA-Z\d]{1,2}[.)]\s/u.test(next)));
}

/** True when a line starts a list item (it then starts a paragraph of its own). */
export function startsListItem(text: string): boolean {
  return LIST_START.test(text);
}

/**
 * True when `line` looks like a title or heading: it starts a paragraph, is short for this
 * document (`typical` = the usual length of its prose lines; up to that length when it is set
 * `large`r than the body), does not end a clause or dangle on
 * a preposition, starts with a capital (after an optional section number), and the next line
 * starts something new (a capital, a number, a list marker).
 */
export function isHeading(line: string, next: string | undefined, startsParagraph: boolean, typical: number, large = false): boolean {
  if (!startsParagraph || next === undefined) return false;
  const words = line.split(/\s+/u).filter(Boolean);
  // A line set larger than the body text (when the extractor knows sizes) may be as long as a body line.
  if (words.length === 0 || words.length > 12 || line.length > (large ? 1 : 0.6) * typical) return false;
  if (CLAUSE_END.test(line) || DANGLING.test(line)) return false;
  const body = line.replace(SECTION_NUMBER, '');
  if (!/^[¿¡"«]?\p{Lu}/u.test(body)) return false;
  return /^[¿¡"«(]?[\p{Lu}\d]/u.test(next) || startsListItem(next);
}

/** The usual length of a document's prose lines (median over lines of 5+ words; 60 when there are none). */
export function typicalLineLength(lines: readonly { text: string }[]): number {
  const lengths = lines.filter((l) => l.text.split(/\s+/u).length >= 5).map((l) => l.text.length).sort((a, b) => a - b);
  return lengths.length ? lengths[lengths.length >> 1]! : 60;
}

/** A paragraph that stops mid-sentence and one that goes on in lower case are one paragraph. */
export function continuesSentence(before: string, after: string): boolean {
  return !/[.!?…:;»"”]$/u.test(before) && /^\p{Ll}/u.test(after);
}

/**
 * Marks the cells of a table that an extractor wrote one cell per paragraph (pdftotext does this
 * with padded cells: `Canal` / `Pedidos` / `Correo electrónico` / `1250` / ...): runs of at least
 * `min` consecutive one-line paragraphs of at most 4 words, without a sentence end, at least a
 * quarter of them numbers. Short headings in a row do not have the numbers.
 */
export function cellRuns(lines: readonly { text: string; newPara?: boolean }[], min = 6): boolean[] {
  const out = lines.map(() => false);
  // A paragraph of its own: it starts one (or follows a sentence end) and the next line starts another.
  const alone = (i: number) => (i === 0 || lines[i]!.newPara === true || /[.!?:]$/u.test(lines[i - 1]!.text))
    && (i + 1 >= lines.length || lines[i + 1]!.newPara === true);
  const cellLike = lines.map((l, i) => alone(i) && l.text.split(/\s+/u).length <= 4 && !/[.!?;:,]$/u.test(l.text));
  const numeric = (t: string) => /^[-+−]?[\d.,%€$ ]+$/u.test(t);
  let start = 0;
  for (let i = 0; i <= lines.length; i++) {
    if (i < lines.length && cellLike[i]) continue;
    const n = i - start;
    if (n >= min && lines.slice(start, i).filter((l) => numeric(l.text)).length >= n / 4) for (let k = start; k < i; k++) out[k] = true;
    start = i + 1;
  }
  return out;
}

/**
 * Marks lines that are items of a list or a column that pdftotext wrote one word a line inside a
 * paragraph (`...contadores utilizados...` / `part` / `paragraph` / `figure` / ..., `Existen versiones
 * para` / `Atari` / `Amiga` / `UNIX`): runs of at least `min` consecutive lines of one page, each of
 * at most two words, without a sentence end and not a lone article or preposition, after a line
 * that introduces them. Joined, they would be glued to the sentence before
 * them; each is an item of its own (a `fragment`, see clean/fragment.ts).
 */
export function wordListRuns(lines: readonly { text: string; page?: number }[], min = 3): boolean[] {
  const out = lines.map(() => false);
  // A lone `con` or `la` is a sentence wrapped one word a line in a narrow cell (`enciende` / `con` / `la` /
  // `potencia`), not an item; a sentence end may carry a footnote mark (`interior.9`).
  const itemLike = lines.map((l) => l.text.split(/\s+/u).length <= 2 && [...l.text].length <= 30 && !/[.!?;:,]\d{0,2}$/u.test(l.text) && !endsDangling(l.text));
  let start = 0;
  for (let i = 0; i <= lines.length; i++) {
    if (i < lines.length && itemLike[i] && (i === start || lines[i]!.page === lines[i - 1]!.page)) continue;
    // Only a list that a sentence introduces (it ends with `.` or `:`, or on `para`, `como`...): a
    // sentence wrapped one or two words a line in a narrow table cell (`Han surgido` / `varios` /
    // `problemas`) follows another cell.
    const intro = lines[start - 1];
    const introduced = intro !== undefined && intro.page === lines[start]?.page && (/[.:]$/u.test(intro.text) || endsDangling(intro.text));
    if (i - start >= min && introduced) for (let k = start; k < i; k++) out[k] = true;
    start = i < lines.length && itemLike[i] ? i : i + 1;
  }
  return out;
}

/** A line's template: its digits masked and spacing collapsed (`Evento # ; Descripción Estado #.`). */
function template(text: string): string {
  return text.replace(/\d+(?:[.,]\d+)*/gu, '#').replace(/\s+/gu, ' ').trim();
}

type Cell = { x: number; right: number };

/**
 * Two rows are rows of one table when the gaps between their cells stack up into clear vertical
 * strips: for each pair of neighbouring cells, both rows are blank between the larger of the two
 * left cells' right edges and the smaller of the two right cells' left edges (at least `gap`
 * PDF units). Left-aligned text, right-aligned numbers and centred headers all leave such strips;
 * justified prose, whose wide word gaps fall at different places on each line, does not.
 */
function sameColumns(a: readonly Cell[], b: readonly Cell[], gap: number): boolean {
  for (let k = 0; k + 1 < a.length; k++) {
    if (Math.min(a[k + 1]!.x, b[k + 1]!.x) - Math.max(a[k]!.right, b[k]!.right) < gap) return false;
  }
  return true;
}

/**
 * Marks table rows from positions: runs of at least `min` consecutive lines on one page, split into
 * the same number (2+) of cells, whose columns line up from row to row (see `sameColumns`).
 */
export function alignedTableRows(lines: readonly { cells?: readonly (Cell & { text: string })[]; page?: number }[], min = 3, gap = 2): boolean[] {
  const rows = lines.map(() => false);
  // A list marker set apart from its item (`•   Texto`, `a.   Texto`) is not a column.
  const cells = lines.map((l) => (l.cells && LIST_MARKER.test(l.cells[0]!.text) ? l.cells.slice(1) : l.cells ?? []));
  const fits = (i: number) => cells[i - 1]!.length >= 2 && cells[i - 1]!.length === cells[i]!.length && lines[i - 1]!.page === lines[i]!.page
    && sameColumns(cells[i - 1]!, cells[i]!, gap);
  let start = 0;
  for (let i = 1; i <= lines.length; i++) {
    if (i < lines.length && fits(i)) continue;
    if (cells[start]!.length >= 2 && i - start >= min) for (let k = start; k < i; k++) rows[k] = true;
    start = i;
  }
  return rows;
}

/** A cell that is only a list marker: a bullet, or an item number/letter (`a.`, `3)`, `01.`). */
const LIST_MARKER = /^(?:[-•–—·▪●○◦■□►✓*o]|\(?[\p{L}\d]{1,3}[.)])$/u;

/**
 * Marks table rows: lines with numbers whose template (digits masked) recurs at least `min`
 * times in the document, as rows of a table of values do (`Evento 9 ; Descripción Estado 13.`).
 * Prose almost never repeats a whole line with only its numbers changed.
 */
export function tableRows(lines: readonly { text: string }[], min = 4): boolean[] {
  const counts = new Map<string, number>();
  const keys = lines.map((l) => (/\d/u.test(l.text) && /\p{L}/u.test(l.text) ? template(l.text) : ''));
  for (const k of keys) if (k) counts.set(k, (counts.get(k) ?? 0) + 1);
  return keys.map((k) => k !== '' && (counts.get(k) ?? 0) >= min);
}

/** A first cell that only numbers or marks what follows: `•`, `a.`, `2.-`, `8.3.4.`, a glyph with no letter or digit. */
const CELL_MARKER = /^(?:\(?[\p{L}\d]{1,3}[.)]-?|\d{1,3}(?:\.\d{1,3})+\.?|[^\p{L}\d]{1,3})$/u;

/**
 * The lines whose cells are not a table's (`kinds` text or heading), each cut into one line per
 * cell, each starting a paragraph: items or fields that stand side by side on one line
 * (`comunicación.` | `exponerlo y discutirlo en clase.` in two columns of a syllabus, a LaTeX term
 * and its description, a label and its value) are not one sentence. A first cell that only numbers
 * or marks the next (`8.3.4.` | `¿Qué es RevTEX?`, `a.` | `un conjunto de reglas...`) stays with it.
 * Lines spread into many one-word cells (justified text with wide word spaces, letter-spaced code:
 * at least 3 cells, under 1.5 words a cell) are left whole, and so is a line whose text is no
 * longer its cells' (the hyphen join changed it). Returns undefined when no line is cut.
 */
export function splitCellLines<L extends { text: string; newPara?: boolean; softHyphen?: boolean; cells?: readonly { text: string }[] }>(lines: readonly L[], kinds: readonly LineKind[]): L[] | undefined {
  let out: L[] | undefined;
  lines.forEach((l, i) => {
    const cells = l.cells?.map((c) => c.text.trim()).filter(Boolean) ?? [];
    const words = cells.reduce((n, c) => n + c.split(/\s+/u).length, 0);
    const cut = cells.length >= 2 && (kinds[i] === 'text' || kinds[i] === 'heading') && !(cells.length >= 3 && words / cells.length < 1.5)
      && cells.join(' ').replace(/\s+/gu, ' ') === l.text.replace(/\s+/gu, ' ').trim();
    if (!cut) { out?.push(l); return; }
    out ??= lines.slice(0, i);
    // Only the first cell can be a marker: it takes the cells after it while it still is one.
    let first = cells[0]!;
    let next = 1;
    while (next < cells.length && CELL_MARKER.test(first)) first = `${first} ${cells[next++]}`;
    const pieces = [first, ...cells.slice(next)];
    const { cells: _cells, ...rest } = l;
    pieces.forEach((text, k) => {
      const piece = { ...rest, text, newPara: k === 0 ? l.newPara : true } as L;
      if (k < pieces.length - 1) delete piece.softHyphen;
      out!.push(piece);
    });
  });
  return out;
}

/** Word's second-level bullet, which pdftotext writes as the letter `o`, before an item label (`o b) Encriptar datos`). */
const WORD_BULLET = /^o\s+(?=[a-zA-Z\d]{1,2}[.)]\s)/u;

/** A line without Word's `o` bullet before its item label (`o d) Cuando una estación...` -> `d) Cuando una estación...`). */
export function stripWordBullet(text: string): string {
  return text.replace(WORD_BULLET, '');
}

/** A line that starts with a lower-case item letter: `a. TCP`, `b) Se prueba que...`, or the letter alone (`c.`). */
const LETTER_ITEM = /^([a-h])[.)](?:\s+\S|$)/u;

/**
 * Marks the lines that start an item lettered `a.`, `b.`...: an `a` after a line that ends with `:`
 * or `?` (the question or the instruction of an exercise: `¿Qué protocolos forman parte del nivel o
 * capa de red?` / `a. TCP` / `b. IP`), and each next letter within 12 lines of the last one. A
 * lower-case `a.` elsewhere starts no item: a sentence wrapped before `a.` is rare, and the letters
 * must follow in order. Each starts a paragraph, so an exercise's options are not one sentence with
 * its question.
 */
export function letterItems(lines: readonly { text: string }[]): boolean[] {
  const out = lines.map(() => false);
  let letter = '';
  let at = -Infinity;
  lines.forEach((l, i) => {
    const m = LETTER_ITEM.exec(l.text);
    if (!m) return;
    const c = m[1]!;
    const first = c === 'a' && i > 0 && /[:?]$/u.test(lines[i - 1]!.text);
    const next = letter !== '' && i - at <= 12 && c.charCodeAt(0) === letter.charCodeAt(0) + 1;
    if (!first && !next) return;
    out[i] = true;
    letter = c;
    at = i;
  });
  return out;
}

/**
 * Marks LaTeX comment lines that start with `% ` in lower case, which alone may be the rest of a
 * wrapped `50 %` (`lineKind` leaves them), when the line before or after also starts with `%`: a
 * block of comments (`% recomendamos el estilo de bibliografía plain` / `% solo hace que la
 * bibliografía no esté vacía`).
 */
export function commentRuns(lines: readonly { text: string }[]): boolean[] {
  // `%CPU: uso de CPU en %` (a field of ps) is not a comment: LaTeX's have a space or a second `%`.
  const comment = lines.map((l) => /^%(?:\s|%|$)/u.test(l.text));
  return comment.map((c, i) => c && (comment[i - 1] === true || comment[i + 1] === true));
}

/** A LaTeX command alone on a line with the stop of a sentence after it (`\protect.`, `\selectfont.`). */
const COMMAND_END = /^\\[a-zA-Z@]+[.,;:]$/u;

/**
 * True when a line `lineKind` takes for code is the last word of the sentence on the line before,
 * which stops mid-sentence (`...deben tener su propia` / `\protect.`): it is prose.
 */
export function endsSentenceWithCommand(text: string, prev: string | undefined): boolean {
  return COMMAND_END.test(text) && prev !== undefined && !/[.!?:;]$/u.test(prev);
}
