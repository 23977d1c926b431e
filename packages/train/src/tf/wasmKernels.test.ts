import { nativeStatus } from '@nerflow/native';
import { beforeAll, describe, expect, it } from 'vitest';
import { wasmKernelCases } from '../__fixtures__/wasmKernelCases.js';
import { describeBackend, initBackend } from './backend.js';

// Runs the patched kernels with @nerflow/native's when it was built here (the default path);
// wasmKernels.nonative.test.ts runs the same cases with NERFLOW_NATIVE=0.
let backend = '';
beforeAll(async () => {
  backend = await initBackend();
});

describe.skipIf(process.env.NERFLOW_TF_BACKEND && process.env.NERFLOW_TF_BACKEND !== 'wasm')('wasm kernel patches vs the cpu backend (native kernels when they load)', () => {
  it('runs on wasm, with the native kernels exactly when they loaded', () => {
    expect(backend).toBe('wasm');
    const native = nativeStatus();
    if (!native.kernels) console.log(`[wasmKernels] native kernels not loaded (${native.reason}): these cases run the wasm fallbacks only`);
    expect(describeBackend(backend)).toBe(native.kernels ? `wasm + ${native.reason} kernels` : `wasm (native kernels ${native.reason})`);
  });
  wasmKernelCases();
});
