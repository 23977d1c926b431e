// Piscina entry when running from TypeScript source (vitest, tsx): registers tsx in this worker
// thread, then loads worker.ts. The built package uses dist/worker.js directly.
import { register } from 'tsx/esm/api';

register();
const { default: run } = await import('./worker.ts');
export default run;
