// A plug-in extractor that takes its time (1.5 s) before giving a short Spanish text: long enough
// for a test to kill the worker process in the middle of the job. Used by queue.test.ts.
export default {
  name: 'lento',
  version: '1',
  extensions: ['.lento'],
  available: () => true,
  async extract(file, data) {
    await new Promise((r) => setTimeout(r, 1500));
    const text = new TextDecoder().decode(data);
    return { pages: [{ num: 1, lines: text.split('\n').filter(Boolean).map((t) => ({ text: t, newPara: true })) }], metadata: {}, warnings: [] };
  },
};
