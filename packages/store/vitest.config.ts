import { nerflowVitest } from '../../vitest.shared.js';

export default nerflowVitest(import.meta.dirname);
