import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wasmKernelCases } from '../__fixtures__/wasmKernelCases.js';

// The same cases as wasmKernels.test.ts without the native kernels (each test file has its own
// modules, so @nerflow/native reads NERFLOW_NATIVE afresh here).
let backend = '';
const before = process.env.NERFLOW_NATIVE;
afterAll(() => {
  if (before === undefined) delete process.env.NERFLOW_NATIVE;
  else process.env.NERFLOW_NATIVE = before;
});
beforeAll(async () => {
  process.env.NERFLOW_NATIVE = '0';
  const { describeBackend, initBackend } = await import('./backend.js');
  backend = describeBackend(await initBackend());
});

describe.skipIf(process.env.NERFLOW_TF_BACKEND && process.env.NERFLOW_TF_BACKEND !== 'wasm')('wasm kernel patches vs the cpu backend (NERFLOW_NATIVE=0)', () => {
  it('runs on wasm without the native kernels', () => {
    expect(backend).toBe('wasm (native kernels off (NERFLOW_NATIVE=0))');
  });
  wasmKernelCases();
});
