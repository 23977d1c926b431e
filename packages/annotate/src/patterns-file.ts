import { parsePattern, readJsonlLines, type Pattern } from '@nerflow/corpus';

/**
 * Reads a patterns JSONL file (spaCy/Prodigy format); a bad line stops with `file:line: what`.
 * @example await loadPatterns('patterns.jsonl') // [{ label: 'PLATAFORMA', pattern: [{ lower: 'google' }, ...] }]
 */
export async function loadPatterns(file: string): Promise<Pattern[]> {
  const out: Pattern[] = [];
  for await (const { value, line } of readJsonlLines(file)) out.push(parsePattern(value, { file, line }));
  return out;
}
