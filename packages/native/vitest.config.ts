import { nerflowVitest } from '../../vitest.shared.mjs';

export default nerflowVitest(import.meta.dirname);
