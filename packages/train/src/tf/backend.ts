import * as tf from '@tensorflow/tfjs';
import { nativeStatus } from '@nerflow/native';
import { registerWasmFixes } from './wasmKernels.js';

export { setMatMulThreads } from './wasmKernels.js';

export { tf };

/**
 * The numbers of the tensor `compute` returns, computed inside `tf.tidy` (its intermediates freed)
 * and read outside it: the returned tensor is disposed once read (kept, it leaked one tensor per
 * call), and reading it inside the tidy would walk the array element by element.
 */
export function readTidy(compute: () => tf.Tensor): Float32Array {
  const t = tf.tidy(compute);
  try {
    return t.dataSync() as Float32Array;
  } finally {
    t.dispose();
  }
}

/**
 * The numbers of a float32 tensor without a copy where the backend allows it (wasm: a view of its
 * heap), else `dataSync()`. The view is valid only until the next tensor is made (the heap may
 * grow): pass it to a kernel or copy it at once, and never write to it. dataSync on wasm copies
 * the data, ~4% of a training epoch in the recurrence's and the gradients' reads.
 */
export function readView(t: tf.Tensor): Float32Array {
  const backend = tf.backend() as unknown as { typedArrayFromHeap?: (t: tf.TensorInfo) => Float32Array };
  if (t.dtype === 'float32' && typeof backend.typedArrayFromHeap === 'function' && tf.getBackend() === 'wasm') return backend.typedArrayFromHeap(t);
  return t.dataSync() as Float32Array;
}

let ready: Promise<string> | undefined;

/**
 * Picks the fastest TensorFlow.js backend that loads here, once per process: native
 * `@tensorflow/tfjs-node` when installed (optional dependency: its install downloads libtensorflow),
 * otherwise the wasm backend with our kernel fixes (docs/stack.md section 2; matrix products on the
 * native kernels of @nerflow/native when they were built, NERFLOW_NATIVE=0 turns them off), and
 * the pure-JS `cpu` backend only as a last resort. Set NERFLOW_TF_BACKEND to force one.
 *
 * @returns the backend name in use ('tensorflow', 'wasm' or 'cpu').
 * @example
 * await initBackend(); // 'wasm' on a machine without tfjs-node
 */
export function initBackend(): Promise<string> {
  ready ??= pickBackend();
  return ready;
}

async function pickBackend(): Promise<string> {
  const forced = process.env.NERFLOW_TF_BACKEND;
  if (!forced || forced === 'tensorflow') {
    try {
      // A variable module name keeps TypeScript and bundlers from requiring the optional package.
      const native = '@tensorflow/tfjs-node';
      await import(native);
      if (await tf.setBackend('tensorflow')) return finish('tensorflow');
    } catch {
      // not installed (the usual case offline): fall through to wasm
    }
  }
  if (!forced || forced === 'wasm') {
    try {
      await import('@tensorflow/tfjs-backend-wasm');
      if (await tf.setBackend('wasm')) {
        registerWasmFixes(nativeStatus().kernels);
        return finish('wasm');
      }
    } catch {
      // wasm failed to initialise: use cpu
    }
  }
  await tf.setBackend('cpu');
  return finish('cpu');
}

async function finish(name: string): Promise<string> {
  await tf.ready();
  return name;
}

/**
 * The backend in words for logs and meta.json: 'wasm + native avx512f kernels', 'wasm (native
 * kernels not built ...)', 'tensorflow' or 'cpu'. Call after initBackend().
 */
export function describeBackend(name: string): string {
  if (name !== 'wasm') return name;
  const native = nativeStatus();
  return native.kernels ? `wasm + ${native.reason} kernels` : `wasm (native kernels ${native.reason})`;
}
