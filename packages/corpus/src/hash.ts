import type { Example } from './types.js';

/**
 * Stable 53-bit hashes for deduplication (cyrb53: fast, pure JS, works in the browser too).
 * 53 bits rather than Prodigy's 32: a 32-bit hash collides with probability ~1 somewhere in a
 * 100k-example dataset, and a collision would silently drop a task. The values are safe JSON integers.
 */
export function hash53(str: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < str.length; i++) {
    const ch = str.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** Hash of the input: the text (and an image/html key if a record has one), as Prodigy's `_input_hash`. */
export function inputHash(example: Pick<Example, 'text'> & Record<string, unknown>): number {
  return hash53(JSON.stringify({ text: example.text }));
}

/**
 * Hash of the task: the input plus the question asked about it (spans with labels, a top-level
 * `label`), as Prodigy's `_task_hash`. Span order does not matter; answers and metadata do not count.
 */
export function taskHash(example: Example): number {
  const spans = (example.spans ?? [])
    .map((s) => [s.start, s.end, s.label] as const)
    .sort((a, b) => a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0));
  const input = example._input_hash ?? inputHash(example);
  return hash53(JSON.stringify({ input, spans, label: example.label ?? null }));
}

/** Returns the example with `_input_hash` and `_task_hash` set (existing values are recomputed). */
export function withHashes<T extends Example>(example: T): T {
  const _input_hash = inputHash(example);
  return { ...example, _input_hash, _task_hash: taskHash({ ...example, _input_hash }) };
}
