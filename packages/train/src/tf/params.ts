import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { tf } from './backend.js';
import { Rng } from './rng.js';

export type Init = 'glorot' | 'zeros' | 'ones' | { normal: number } | { uniform: number };

let instances = 0;

/**
 * A trainable variable holding `values`. tfjs's variable shares the initial tensor's data and only
 * counts a reference to it, so that tensor is disposed here: kept, it held every weight's memory
 * after the model's dispose (each model loaded or trained in one process leaked its size: an
 * 18-run `eval curve` grew the wasm heap until it aborted).
 */
export function variableOf(values: Float32Array, shape: number[], name?: string, trainable = true): tf.Variable {
  const initial = tf.tensor(values, shape);
  const v = tf.variable(initial, trainable, name);
  initial.dispose();
  return v;
}

/**
 * Named trainable tensors of one model part (thinc's `Model.params`). Variables are created lazily
 * with a seeded initialiser, so a layer states its shape where it is used. tfjs variable names are
 * global to the engine: each store gets a unique prefix so that several models live in one process.
 */
export class ParamStore {
  private readonly vars = new Map<string, tf.Variable>();
  private readonly prefix = `nerflow${++instances}/`;

  constructor(private readonly rng: Rng) {}

  /** The variable `name`, created with `init` on first use. */
  get(name: string, shape: number[], init: Init): tf.Variable {
    let v = this.vars.get(name);
    if (!v) {
      v = variableOf(this.initValues(shape, init), shape, this.prefix + name);
      this.vars.set(name, v);
    }
    return v;
  }

  has(name: string): boolean {
    return this.vars.has(name);
  }

  /** Replaces a variable's value (loading, growing the label set). */
  set(name: string, values: Float32Array, shape: number[]): void {
    this.vars.get(name)?.dispose();
    this.vars.set(name, variableOf(values, shape, this.prefix + name));
  }

  names(): string[] {
    return [...this.vars.keys()];
  }

  variables(): tf.Variable[] {
    return [...this.vars.values()];
  }

  /** Local name of a variable from its engine-wide name. */
  localName(v: tf.Variable): string {
    return v.name.startsWith(this.prefix) ? v.name.slice(this.prefix.length) : v.name;
  }

  private initValues(shape: number[], init: Init): Float32Array {
    const size = shape.reduce((a, b) => a * b, 1);
    const out = new Float32Array(size);
    if (init === 'zeros') return out;
    if (init === 'ones') return out.fill(1);
    if (init === 'glorot') {
      const fanIn = shape.length > 1 ? shape[shape.length - 2]! : shape[0]!;
      const fanOut = shape[shape.length - 1]!;
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      for (let i = 0; i < size; i++) out[i] = (this.rng.next() * 2 - 1) * limit;
    } else if ('normal' in init) {
      for (let i = 0; i < size; i++) out[i] = this.rng.normal() * init.normal;
    } else {
      for (let i = 0; i < size; i++) out[i] = (this.rng.next() * 2 - 1) * init.uniform;
    }
    return out;
  }

  /**
   * Writes `<name>.json` (names, shapes, byte offsets) and `<name>.bin` (float32, little endian)
   * into `dir`: a plain tensor file any language can read.
   */
  async save(dir: string, name = 'weights'): Promise<void> {
    await mkdir(dir, { recursive: true });
    const manifest: { name: string; shape: number[]; offset: number }[] = [];
    const chunks: Float32Array[] = [];
    let offset = 0;
    for (const [key, v] of this.vars) {
      const data = (await v.data()) as Float32Array;
      manifest.push({ name: key, shape: v.shape, offset });
      chunks.push(data);
      offset += data.length;
    }
    const all = new Float32Array(offset);
    let at = 0;
    for (const c of chunks) { all.set(c, at); at += c.length; }
    await writeFile(path.join(dir, `${name}.bin`), Buffer.from(all.buffer, all.byteOffset, all.byteLength));
    await writeFile(path.join(dir, `${name}.json`), JSON.stringify({ format: 'nerflow.tensors.v1', dtype: 'float32', tensors: manifest }, null, 1));
  }

  /** Reads what `save` wrote; returns the names loaded. Replaces existing variables of those names. */
  async load(dir: string, name = 'weights'): Promise<string[]> {
    const manifest = JSON.parse(await readFile(path.join(dir, `${name}.json`), 'utf8')) as {
      tensors: { name: string; shape: number[]; offset: number }[];
    };
    const buf = await readFile(path.join(dir, `${name}.bin`));
    const all = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
    for (const t of manifest.tensors) {
      const size = t.shape.reduce((a, b) => a * b, 1);
      this.set(t.name, all.slice(t.offset, t.offset + size), t.shape);
    }
    return manifest.tensors.map((t) => t.name);
  }

  dispose(): void {
    for (const v of this.vars.values()) v.dispose();
    this.vars.clear();
  }
}
