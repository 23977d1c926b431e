// How the train benches time nerflow's tagging (bench/train/vs-peer.mjs, tagging.mjs): predict in
// slices of 400 examples, scores off, the embedding cache cleared before each pass (cold: hashing +
// network, as the peer tags from scratch). Returns words/s of each pass.
export async function tagWordsPerSecond(nlp, examples, runs) {
  const words = examples.reduce((s, e) => s + e.tokens.length, 0);
  const out = [];
  for (let k = 0; k < runs; k++) {
    nlp.model.encoder.clearCache?.();
    const t = performance.now();
    for (let i = 0; i < examples.length; i += 400) await nlp.predict(examples.slice(i, i + 400), { scores: false });
    out.push(words / ((performance.now() - t) / 1000));
  }
  return out;
}
