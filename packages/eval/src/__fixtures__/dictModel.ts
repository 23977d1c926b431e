import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ModelLoader, TrainFn } from '@nerflow/core';
import { tokensOf, type Example } from '@nerflow/corpus';

/**
 * A real (if simple) trainer for the test: it memorises the lower-cased token sequences of the
 * training spans, writes them to model.json, and the loader tags the longest known sequences.
 * It learns more from more data, which is all a learning curve needs to show.
 */
/** Sizes of the training sets seen, in order (tests read it). */
export const trained: number[] = [];
export const dictTrainer: TrainFn = async (req) => {
  trained.push(req.train.length);
  const dict: Record<string, string> = {};
  for (const ex of req.train) {
    for (const s of ex.spans ?? []) dict[ex.tokens!.slice(s.token_start, s.token_end + 1).map((t) => t.text.toLowerCase()).join(' ')] = s.label;
  }
  await mkdir(req.out, { recursive: true });
  await writeFile(join(req.out, 'model.json'), JSON.stringify({ dict, settings: req.settings ?? {} }));
  return { modelDir: req.out, dev: { p: 0, r: 0, f: 0 } };
};
export const dictLoader: ModelLoader = async (dir) => {
  const { dict } = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) as { dict: Record<string, string> };
  return {
    labels: [...new Set(Object.values(dict))],
    async predict(examples: Example[]) {
      return examples.map((ex) => {
        if ((ex.spans ?? []).length > 0) throw new Error('the model was given gold spans');
        const tokens = tokensOf(ex);
        const spans = [];
        for (let i = 0; i < tokens.length; i++) {
          for (let j = Math.min(tokens.length, i + 4); j > i; j--) {
            const label = dict[tokens.slice(i, j).map((t) => t.text.toLowerCase()).join(' ')];
            if (label) { spans.push({ start: tokens[i]!.start, end: tokens[j - 1]!.end, token_start: i, token_end: j - 1, label, source: 'model' }); i = j - 1; break; }
          }
        }
        return { ...ex, tokens, spans };
      });
    },
  };
};

