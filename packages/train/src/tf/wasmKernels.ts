import * as tf from '@tensorflow/tfjs';
import type { NativeKernels } from '@nerflow/native';

/** The slice of the wasm backend's API our kernels use (typed here: the package exports no type for it). */
interface WasmBackend {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
  disposeData(dataId: object): void;
  incRef(dataId: object): void;
}

let done = false;

/**
 * Fixes gaps of tfjs-backend-wasm 4.22 measured in docs/stack.md section 2, once:
 * - `BatchMatMul` (~70% of a training step) runs on the native kernel of @nerflow/native when it was
 *   built (4-8x faster on one core: full vector width instead of wasm's 128 bits). Without it, the
 *   transpose flags (15-20x slower than transpose + plain matMul, and every matMul gradient uses
 *   them) are re-routed through an explicit Transpose.
 * - `UnsortedSegmentSum` (the gradient of `tf.gather`, i.e. of embedding tables) is not
 *   registered: add a plain-JS kernel, so that hash-embedding layers train with no wasm-specific code.
 */
export function registerWasmFixes(native: NativeKernels | null = null): void {
  if (done) return;
  done = true;
  patchBatchMatMul(native);
  patchGather();
  patchIdentityTranspose();
  shareIdentity();
  if (!tf.getKernel('UnsortedSegmentSum', 'wasm')) registerSegmentSum(native);
}

function patchBatchMatMul(native: NativeKernels | null): void {
  const transpose = tf.getKernel('Transpose', 'wasm');
  if (!transpose) return;
  replaceWasmKernel('BatchMatMul', (orig) => ({ inputs, backend, attrs }) => {
    const { transposeA, transposeB } = attrs as { transposeA: boolean; transposeB: boolean };
    const a = inputs.a as tf.TensorInfo;
    const b = inputs.b as tf.TensorInfo;
    const wasm = backend as unknown as WasmBackend;
    if (native) {
      const out = nativeBatchMatMul(native, wasm, a, b, transposeA, transposeB);
      if (out) return out;
    }
    if (!transposeA && !transposeB) return orig.kernelFunc({ inputs, backend, attrs });
    const tmp: tf.TensorInfo[] = [];
    const T = (x: tf.TensorInfo): tf.TensorInfo => {
      const r = x.shape.length;
      const perm = [...Array(r - 2).keys(), r - 1, r - 2];
      const y = transpose.kernelFunc({ inputs: { x }, backend, attrs: { perm } }) as tf.TensorInfo;
      tmp.push(y);
      return y;
    };
    const out = orig.kernelFunc({
      inputs: { a: transposeA ? T(a) : a, b: transposeB ? T(b) : b },
      backend,
      attrs: { ...attrs, transposeA: false, transposeB: false },
    });
    for (const t of tmp) wasm.disposeData(t.dataId);
    return out;
  });
}

/**
 * The product on the native kernel, reading and writing the wasm heap in place (no copies). Handles
 * float32 operands whose batch dimensions are equal or 1 (all our layers' products); returns null
 * for anything else, which then takes the wasm kernel.
 */
function nativeBatchMatMul(native: NativeKernels, wasm: WasmBackend, a: tf.TensorInfo, b: tf.TensorInfo,
  transposeA: boolean, transposeB: boolean): tf.TensorInfo | null {
  if (a.dtype !== 'float32' || b.dtype !== 'float32' || a.shape.length < 2 || b.shape.length < 2) return null;
  const batchA = a.shape.slice(0, -2), batchB = b.shape.slice(0, -2);
  const countA = batchA.reduce((x, y) => x * y, 1), countB = batchB.reduce((x, y) => x * y, 1);
  if (countA !== countB && countA !== 1 && countB !== 1) return null;
  if (countA === countB && batchA.length !== batchB.length) return null;
  const [ra, ca] = a.shape.slice(-2) as [number, number];
  const [rb, cb] = b.shape.slice(-2) as [number, number];
  const M = transposeA ? ca : ra, K = transposeA ? ra : ca;
  const N = transposeB ? rb : cb, KB = transposeB ? cb : rb;
  if (K !== KB) return null; // let the wasm kernel raise its own shape error
  const batch = countA >= countB ? batchA : batchB;
  const count = Math.max(countA, countB);
  const out = wasm.makeOutput([...batch, M, N], 'float32');
  // makeOutput may grow the heap, which detaches older views: take every view after it.
  const av = wasm.typedArrayFromHeap(a) as Float32Array;
  const bv = wasm.typedArrayFromHeap(b) as Float32Array;
  const ov = wasm.typedArrayFromHeap(out) as Float32Array;
  for (let i = 0; i < count; i++) {
    const ai = countA === 1 ? 0 : i, bi = countB === 1 ? 0 : i;
    native.matmul(av.subarray(ai * M * K, (ai + 1) * M * K), bv.subarray(bi * K * N, (bi + 1) * K * N),
      ov.subarray(i * M * N, (i + 1) * M * N), M, N, K, transposeA, transposeB, matMulThreads);
  }
  return out;
}

let matMulThreads = 1;

/**
 * Threads of one native matrix product (the wasm kernel has one whatever this says). Training with
 * several replica threads keeps 1, so the replicas do not compete for the same cores.
 */
export function setMatMulThreads(n: number): void {
  matMulThreads = Math.max(1, Math.floor(n));
}

/** The threads native kernels may use now (products split rows; the BiLSTM runs its two directions at once). */
export function nativeThreads(): number {
  return matMulThreads;
}

/**
 * Row gathers (embedding lookups, the only kind we use) as one typed-array copy per row: measured
 * several times faster than the generic wasm GatherV2 on [16000 x 128] lookups. Other gathers
 * (other axes, batch dims) keep the original kernel.
 */
function patchGather(): void {
  replaceWasmKernel('GatherV2', (orig) => (args) => {
    const { inputs, backend, attrs } = args;
    const x = inputs.x as tf.TensorInfo;
    const indices = inputs.indices as tf.TensorInfo;
    const { axis, batchDims } = attrs as { axis: number; batchDims: number };
    if (axis !== 0 || (batchDims ?? 0) !== 0 || x.shape.length !== 2 || indices.shape.length !== 1 || x.dtype !== 'float32' || indices.dtype !== 'int32') {
      return orig.kernelFunc(args);
    }
    const wasm = backend as unknown as WasmBackend;
    const [rows, width] = x.shape as [number, number];
    const n = indices.shape[0]!;
    const out = wasm.makeOutput([n, width], 'float32');
    const o = wasm.typedArrayFromHeap(out);
    const xv = wasm.typedArrayFromHeap(x);
    const iv = wasm.typedArrayFromHeap(indices);
    for (let i = 0; i < n; i++) {
      const r = iv[i];
      if (r < 0 || r >= rows) throw new Error(`gather index ${r} is not in [0, ${rows})`);
      o.set(xv.subarray(r * width, (r + 1) * width), i * width);
    }
    return out;
  });
}

/**
 * Transposes whose permutation changes nothing (tf.gather's gradient makes two per lookup) as a
 * shared reference, as `Identity` below: the generic wasm kernel took ~1/10 of a training step on
 * them, and a copy still ~3% of an epoch (docs/benchmarks/train.md, issue 14 afternoon).
 */
function patchIdentityTranspose(): void {
  replaceWasmKernel('Transpose', (orig) => (args) => {
    const x = args.inputs.x as tf.TensorInfo;
    const perm = (args.attrs as { perm: number[] }).perm;
    if (x.dtype !== 'float32' || !perm.every((p, i) => p === i)) return orig.kernelFunc(args);
    (args.backend as unknown as WasmBackend).incRef(x.dataId);
    return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
  });
}

/**
 * `Identity` (tf.clone: the engine clones every tensor it saves for a gradient, ~250 per training
 * step) as a shared reference, as the cpu backend and wasm's own Reshape do, instead of a copy of
 * the data: tensors are immutable (variables are assigned new data), so sharing is safe.
 */
function shareIdentity(): void {
  replaceWasmKernel('Identity', (orig) => (args) => {
    const x = args.inputs.x as tf.TensorInfo;
    if (x.dtype === 'string') return orig.kernelFunc(args);
    (args.backend as unknown as WasmBackend).incRef(x.dataId);
    return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
  });
}

/**
 * Swaps the wasm backend's kernel `name` for the one `make` builds around the original (which the
 * new kernel calls for the cases it does not speed up). Does nothing when the backend lacks it.
 */
function replaceWasmKernel(name: string, make: (orig: tf.KernelConfig) => tf.KernelFunc): void {
  const orig = tf.getKernel(name, 'wasm');
  if (!orig) return;
  tf.unregisterKernel(name, 'wasm');
  tf.registerKernel({ kernelName: name, backendName: 'wasm', kernelFunc: make(orig) });
}

function registerSegmentSum(native: NativeKernels | null): void {
  tf.registerKernel({
    kernelName: 'UnsortedSegmentSum',
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const wasm = backend as unknown as WasmBackend;
      const x = inputs.x as tf.TensorInfo;
      const ids = inputs.segmentIds as tf.TensorInfo;
      const numSegments = (attrs as { numSegments: number }).numSegments;
      const inner = x.shape.slice(ids.shape.length).reduce((a, b) => a * b, 1);
      const n = ids.shape.reduce((a, b) => a * b, 1);
      // makeOutput may grow the wasm heap, which detaches older views: take input views after it.
      const out = wasm.makeOutput([numSegments, ...x.shape.slice(ids.shape.length)], x.dtype);
      const o = wasm.typedArrayFromHeap(out);
      const xv = wasm.typedArrayFromHeap(x);
      const iv = wasm.typedArrayFromHeap(ids);
      if (native && x.dtype === 'float32' && ids.dtype === 'int32') {
        native.segmentSum(xv as Float32Array, iv as Int32Array, o as Float32Array, numSegments);
        return out;
      }
      o.fill(0);
      for (let i = 0; i < n; i++) {
        const seg = iv[i];
        if (seg < 0 || seg >= numSegments) continue;
        const src = i * inner;
        const dst = seg * inner;
        for (let j = 0; j < inner; j++) o[dst + j] += xv[src + j];
      }
      return out;
    },
  });
}
