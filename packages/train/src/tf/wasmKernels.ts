import * as tf from '@tensorflow/tfjs';

/** The slice of the wasm backend's API our kernels use (typed here: the package exports no type for it). */
interface WasmBackend {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
  disposeData(dataId: object): void;
}

let done = false;

/**
 * Fixes two gaps of tfjs-backend-wasm 4.22 measured in docs/stack.md section 2, once:
 * - `BatchMatMul` with transpose flags is 15-20x slower than transpose + plain matMul, and every
 *   matMul gradient uses the flags: re-route through an explicit Transpose.
 * - `UnsortedSegmentSum` (the gradient of `tf.gather`, i.e. of embedding tables) is not
 *   registered: add a plain-JS kernel, so that hash-embedding layers train with no wasm-specific code.
 */
export function registerWasmFixes(): void {
  if (done) return;
  done = true;
  patchBatchMatMul();
  patchGather();
  patchIdentityTranspose();
  if (!tf.getKernel('UnsortedSegmentSum', 'wasm')) registerSegmentSum();
}

function patchBatchMatMul(): void {
  const transpose = tf.getKernel('Transpose', 'wasm');
  if (!transpose) return;
  replaceWasmKernel('BatchMatMul', (orig) => ({ inputs, backend, attrs }) => {
    const { transposeA, transposeB } = attrs as { transposeA: boolean; transposeB: boolean };
    if (!transposeA && !transposeB) return orig.kernelFunc({ inputs, backend, attrs });
    const wasm = backend as unknown as WasmBackend;
    const tmp: tf.TensorInfo[] = [];
    const T = (x: tf.TensorInfo): tf.TensorInfo => {
      const r = x.shape.length;
      const perm = [...Array(r - 2).keys(), r - 1, r - 2];
      const y = transpose.kernelFunc({ inputs: { x }, backend, attrs: { perm } }) as tf.TensorInfo;
      tmp.push(y);
      return y;
    };
    const a = inputs.a as tf.TensorInfo;
    const b = inputs.b as tf.TensorInfo;
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
 * Transposes whose permutation changes nothing (tf.gather's gradient makes two per lookup) as one
 * copy: the generic wasm kernel took ~1/10 of a training step on them.
 */
function patchIdentityTranspose(): void {
  replaceWasmKernel('Transpose', (orig) => (args) => {
    const x = args.inputs.x as tf.TensorInfo;
    const perm = (args.attrs as { perm: number[] }).perm;
    if (x.dtype !== 'float32' || !perm.every((p, i) => p === i)) return orig.kernelFunc(args);
    const wasm = args.backend as unknown as WasmBackend;
    const out = wasm.makeOutput([...x.shape], 'float32');
    wasm.typedArrayFromHeap(out).set(wasm.typedArrayFromHeap(x));
    return out;
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

function registerSegmentSum(): void {
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
