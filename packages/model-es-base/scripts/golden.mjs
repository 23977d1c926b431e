// Writes packages/train/src/__fixtures__/es-base-predictions.json: es-base's spans (with scores to 4
// decimals) on the first 80 sentences of the example's AnCora test sample. esBase.test.ts checks that
// the shipped folder still predicts exactly these; build.sh reruns this after a rebuild.
// Usage (repo root, after `npm run build`): node packages/model-es-base/scripts/golden.mjs
import { writeFileSync } from 'node:fs';
import { readConll } from '@nerflow/corpus';
import { loadModel } from '@nerflow/train';

const SENTENCES = 80;
const sample = 'examples/marketing-es/old-types/ancora-test-sample.conll';
const docs = [];
for await (const ex of readConll(sample)) if (docs.length < SENTENCES) docs.push({ text: ex.text, tokens: ex.tokens });
const model = await loadModel('es-base');
const pred = await model.predict(docs);
model.dispose();
const spans = pred.map((p) => (p.spans ?? []).map((s) => `${s.token_start}:${s.token_end}:${s.label}:${Number(s.score.toFixed(4))}`).join(' '));
const about = `es-base predictions (token_start:token_end:label:score) on the first ${SENTENCES} sentences of ${sample}, `
  + `written by packages/model-es-base/scripts/golden.mjs for the model built on ${new Date().toISOString().slice(0, 10)}: esBase.test.ts checks that the shipped model still predicts them.`;
writeFileSync('packages/train/src/__fixtures__/es-base-predictions.json', `${JSON.stringify({ about, sentences: SENTENCES, spans }, null, 1)}\n`);
console.log(`golden: ${spans.join(' ').split(' ').filter(Boolean).length} spans on ${SENTENCES} sentences`);
