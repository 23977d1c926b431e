// A plug-in extractor that kills the whole process it runs in (as a native crash or the OOM killer
// would): every worker that takes its job dies. Used by queue.test.ts (retries, then reported).
export default {
  name: 'veneno',
  version: '1',
  extensions: ['.veneno'],
  available: () => true,
  async extract() {
    process.kill(process.pid, 'SIGKILL');
    await new Promise(() => {});
  },
};
