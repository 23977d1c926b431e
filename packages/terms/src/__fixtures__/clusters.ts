/**
 * Small vector sets with a known structure for tests: Spanish computer-engineering terms in
 * clusters (each word = its cluster's direction + seeded noise), so neighbours are predictable.
 */
import { VectorStore } from '../vector-store.js';

export const CLUSTERS: Record<string, string[]> = {
  lenguaje: ['python', 'java', 'javascript', 'c++', 'haskell', 'pascal', 'cobol', 'visual_basic', 'ruby', 'fortran'],
  protocolo: ['tcp', 'udp', 'http', 'ftp', 'smtp', 'tcp/ip', 'ssh'],
  herramienta: ['git', 'make', 'gcc', 'latex', 'emacs', 'visual_studio_code'],
  general: ['casa', 'alumno', 'profesor', 'examen', 'práctica', 'asignatura', 'universidad', 'año', 'tema'],
};

/** Mulberry32: a tiny seeded PRNG, so fixtures are the same on every run. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Rows of the clustered vocabulary: words and their (unnormalised) vectors. */
export function clusterRows(dim = 16, noise = 0.35, seed = 42): { words: string[]; rows: number[][] } {
  const rand = rng(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
  const words: string[] = [];
  const rows: number[][] = [];
  for (const members of Object.values(CLUSTERS)) {
    const centre = Array.from({ length: dim }, gauss);
    for (const w of members) {
      words.push(w);
      rows.push(centre.map((c) => c + noise * gauss() * Math.sqrt(dim) / 2));
    }
  }
  return { words, rows };
}

export function clusterStore(dim = 16, noise = 0.35, seed = 42): VectorStore {
  const { words, rows } = clusterRows(dim, noise, seed);
  return new VectorStore(words, dim, Float32Array.from(rows.flat()));
}

/** The rows as a word2vec/fastText `.vec` text (header line, then "word x1 ... xN"). */
export function toVecText(words: string[], rows: number[][]): string {
  return `${words.length} ${rows[0]!.length}\n` + words.map((w, i) => `${w} ${rows[i]!.map((x) => x.toFixed(5)).join(' ')}`).join('\n') + '\n';
}

export function clusterOf(word: string): string | undefined {
  return Object.entries(CLUSTERS).find(([, ws]) => ws.includes(word))?.[0];
}
