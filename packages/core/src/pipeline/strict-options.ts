/**
 * Strict step options: a key the stage's schema does not know (`maxEpoch: 1`, `reprot:`) is an
 * error with file:line:col and the nearest known key, never silently dropped by the schema.
 */
import { z } from 'zod';

/** Keys of `value` that an object schema does not declare (none for non-object schemas). */
export function unknownOptionKeys(schema: z.ZodType, value: Record<string, unknown>): string[] {
  if (!(schema instanceof z.ZodObject)) return [];
  const known = new Set(Object.keys(schema.shape));
  return Object.keys(value).filter((k) => !known.has(k));
}

/** The declared keys of an object schema. */
export function optionKeys(schema: z.ZodType): string[] {
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

function distance(a: string, b: string): number {
  const d = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0]!;
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = d[j]!;
      d[j] = Math.min(d[j]! + 1, d[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return d[b.length]!;
}

/** The known key closest to a typo (case-insensitive edit distance <= 1/3 of its length), if any. */
export function closestKey(typo: string, known: string[]): string | undefined {
  let best: { key: string; d: number } | undefined;
  for (const key of known) {
    const dist = distance(typo.toLowerCase(), key.toLowerCase());
    if (!best || dist < best.d) best = { key, d: dist };
  }
  return best && best.d <= Math.max(2, Math.ceil(typo.length / 3)) ? best.key : undefined;
}
