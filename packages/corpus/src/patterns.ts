/**
 * Match patterns in the spaCy/Prodigy JSONL format:
 *   {"label": "LENGUAJE", "pattern": [{"lower": "visual"}, {"lower": "basic"}]}   (token pattern)
 *   {"label": "PROTOCOLO", "pattern": "TCP/IP"}                                  (phrase pattern)
 * Only exact token attributes are supported (`lower`, `orth`, `text`; spaCy's upper-case keys too):
 * no operators, regexes or POS, which need a model or a regex engine and would defeat the trie.
 */
import { CorpusErrors, NerError } from './errors.js';
import { readJsonlLines } from './jsonl.js';

/** The token attributes a pattern token may test. `text` is spaCy's alias of `orth`. */
export type PatternAttr = 'lower' | 'orth';

/** One token of a token pattern: exactly one attribute with its expected value. */
export type PatternToken = { lower: string } | { orth: string } | { text: string };

/** A pattern record as read from / written to patterns JSONL. */
export interface Pattern {
  label: string;
  pattern: string | PatternToken[];
  /** Optional id (Prodigy/spaCy `id`), kept as is. */
  id?: string;
}

export const PatternErrors = {
  BAD_PATTERN: 'E_CORPUS_BAD_PATTERN',
} as const;

const ATTRS: Record<string, PatternAttr> = { lower: 'lower', orth: 'orth', text: 'orth' };

function bad(message: string, where: { file?: string; line?: number }): NerError {
  return new NerError(PatternErrors.BAD_PATTERN, `Bad pattern: ${message}`, {
    ...where,
    hint: 'Each line must look like {"label": "L", "pattern": [{"lower": "google"}, {"lower": "ads"}]} or {"label": "L", "pattern": "tasa de conversión"}; token keys allowed: lower, orth, text.',
  });
}

/**
 * Checks one parsed JSON record and returns it as a Pattern (token keys normalised to lower case).
 * @param record - the parsed JSON value of one patterns JSONL line.
 * @param where - file and line for the error message.
 * @returns the pattern, or throws NerError `E_CORPUS_BAD_PATTERN` saying what is wrong.
 * @example parsePattern({ label: 'LENGUAJE', pattern: [{ LOWER: 'java' }] }) // {label:'LENGUAJE', pattern:[{lower:'java'}]}
 */
export function parsePattern(record: unknown, where: { file?: string; line?: number } = {}): Pattern {
  if (!record || typeof record !== 'object' || Array.isArray(record)) throw bad('a line must be a JSON object', where);
  const r = record as Record<string, unknown>;
  if (typeof r.label !== 'string' || r.label.trim() === '') throw bad('"label" must be a non-empty string', where);
  const out: Pattern = { label: r.label, pattern: '' };
  if (r.id !== undefined) out.id = String(r.id);
  if (typeof r.pattern === 'string') {
    if (r.pattern.trim() === '') throw bad('a phrase "pattern" must not be empty', where);
    out.pattern = r.pattern;
    return out;
  }
  if (!Array.isArray(r.pattern) || r.pattern.length === 0) {
    throw bad('"pattern" must be a string or a non-empty array of token objects', where);
  }
  out.pattern = r.pattern.map((tok, i) => {
    if (!tok || typeof tok !== 'object' || Array.isArray(tok)) throw bad(`token ${i} must be an object`, where);
    const entries = Object.entries(tok as Record<string, unknown>);
    if (entries.length !== 1) {
      throw bad(`token ${i} must have exactly one attribute (got ${entries.map(([k]) => k).join(', ') || 'none'})`, where);
    }
    const [key, value] = entries[0]!;
    const attr = key.toLowerCase();
    if (!(attr in ATTRS)) throw bad(`token ${i}: unsupported attribute "${key}" (supported: lower, orth, text)`, where);
    if (typeof value !== 'string' || value === '') throw bad(`token ${i}: "${key}" must be a non-empty string`, where);
    return { [attr]: value } as PatternToken;
  });
  return out;
}

/** The attribute and value a pattern token tests (`text` read as `orth`). */
export function patternTokenKey(tok: PatternToken): { attr: PatternAttr; value: string } {
  const [key, value] = Object.entries(tok)[0] as [string, string];
  return { attr: ATTRS[key.toLowerCase()]!, value };
}

/** A stable one-line description of a pattern, for per-pattern counts ("google ads", "TCP/IP"). */
export function patternText(p: Pattern): string {
  if (typeof p.pattern === 'string') return p.pattern;
  return p.pattern.map((t) => patternTokenKey(t).value).join(' ');
}

/**
 * Reads a patterns JSONL file (`-` = stdin), naming `file:line` of any bad pattern. An empty file
 * is refused (E_CORPUS_NO_PATTERNS) unless `allowEmpty`: matching nothing is almost always a wrong path.
 * @example await readPatterns('patterns.jsonl') // [{ label: 'PLATAFORMA', pattern: [{ lower: 'google' }, { lower: 'ads' }] }, ...]
 */
export async function readPatterns(file: string, options: { allowEmpty?: boolean } = {}): Promise<Pattern[]> {
  const out: Pattern[] = [];
  const where = file === '-' ? '<stdin>' : file;
  for await (const { value, line } of readJsonlLines(file)) out.push(parsePattern(value, { file: where, line }));
  if (out.length === 0 && !options.allowEmpty) {
    throw new NerError(CorpusErrors.NO_PATTERNS, `no patterns in ${where}`, {
      file: where, hint: 'A patterns file has one {"label": ..., "pattern": ...} per line; make one with `nerflow terms to-patterns DATASET --label L --out patterns.jsonl`.',
    });
  }
  return out;
}
