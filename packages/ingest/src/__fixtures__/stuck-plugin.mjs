// A plug-in extractor that never returns (a busy loop, as a parser stuck on a pathological file):
// only terminating its worker thread can stop it. Used by the --timeout test.
export default {
  name: 'stuck',
  version: '1',
  extensions: ['.stuck'],
  available: () => true,
  async extract() {
    for (;;) { /* spin */ }
  },
};
