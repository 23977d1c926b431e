// Compiles packages/terms/src/simd/scores.wat into scores-wasm.ts (base64 bytes), so the package
// needs no WebAssembly toolchain at build or run time.
// Run: npm install --prefix /tmp/wabt wabt@1.0.39 && WABT=/tmp/wabt/node_modules/wabt node bench/terms/build-simd.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const wabt = await require(process.env.WABT ?? 'wabt')();
const dir = new URL('../../packages/terms/src/simd/', import.meta.url);
const mod = wabt.parseWat('scores.wat', readFileSync(new URL('scores.wat', dir), 'utf8'), { simd: true });
const { buffer } = mod.toBinary({});
writeFileSync(new URL('scores-wasm.ts', dir), `// Generated from scores.wat by bench/terms/build-simd.mjs: do not edit.\nexport const SCORES_WASM = '${Buffer.from(buffer).toString('base64')}';\n`);
console.log(`scores.wasm: ${buffer.length} bytes`);
