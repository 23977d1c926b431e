// How the train benches time nerflow's tagging (bench/train/vs-peer.mjs, tagging.mjs): predict in
// slices of 400 examples, scores off, the embedding caches cleared before each pass, the worker
// threads' too (cold: hashing + network, as the peer tags from scratch; before 2026-12-03 the
// workers kept theirs from the previous pass). Returns words/s of each pass.
export async function tagWordsPerSecond(nlp, examples, runs) {
  const words = examples.reduce((s, e) => s + e.tokens.length, 0);
  const out = [];
  for (let k = 0; k < runs; k++) {
    await nlp.clearCaches();
    const t = performance.now();
    for (let i = 0; i < examples.length; i += 400) await nlp.predict(examples.slice(i, i + 400), { scores: false });
    out.push(words / ((performance.now() - t) / 1000));
  }
  return out;
}
