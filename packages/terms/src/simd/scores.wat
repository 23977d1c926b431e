;; out[r] = dot(mat[r*dim .. r*dim+dim), q) for r in 0..rows: the matrix-vector product of k-NN,
;; with 128-bit SIMD (4 floats per instruction, two accumulators for instruction-level parallelism).
;; Compiled to scores-wasm.ts by bench/terms/build-simd.mjs (wabt); keep both in sync.
(module
  (import "env" "memory" (memory 1))
  (func (export "scores") (param $mat i32) (param $q i32) (param $rows i32) (param $dim i32) (param $out i32)
    (local $r i32) (local $d i32) (local $row i32) (local $a v128) (local $b v128) (local $s f32) (local $dim8 i32) (local $dim4 i32)
    (local.set $dim8 (i32.and (local.get $dim) (i32.const -8)))
    (local.set $dim4 (i32.and (local.get $dim) (i32.const -4)))
    (local.set $row (local.get $mat))
    (block $rows_done
      (loop $rows_loop
        (br_if $rows_done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $a (v128.const f32x4 0 0 0 0))
        (local.set $b (v128.const f32x4 0 0 0 0))
        (local.set $d (i32.const 0))
        (block $d8_done
          (loop $d8
            (br_if $d8_done (i32.ge_u (local.get $d) (local.get $dim8)))
            (local.set $a (f32x4.add (local.get $a)
              (f32x4.mul
                (v128.load (i32.add (local.get $row) (i32.shl (local.get $d) (i32.const 2))))
                (v128.load (i32.add (local.get $q) (i32.shl (local.get $d) (i32.const 2)))))))
            (local.set $b (f32x4.add (local.get $b)
              (f32x4.mul
                (v128.load offset=16 (i32.add (local.get $row) (i32.shl (local.get $d) (i32.const 2))))
                (v128.load offset=16 (i32.add (local.get $q) (i32.shl (local.get $d) (i32.const 2)))))))
            (local.set $d (i32.add (local.get $d) (i32.const 8)))
            (br $d8)))
        (if (i32.lt_u (local.get $d) (local.get $dim4))
          (then
            (local.set $a (f32x4.add (local.get $a)
              (f32x4.mul
                (v128.load (i32.add (local.get $row) (i32.shl (local.get $d) (i32.const 2))))
                (v128.load (i32.add (local.get $q) (i32.shl (local.get $d) (i32.const 2)))))))
            (local.set $d (i32.add (local.get $d) (i32.const 4)))))
        (local.set $a (f32x4.add (local.get $a) (local.get $b)))
        (local.set $s (f32.add
          (f32.add (f32x4.extract_lane 0 (local.get $a)) (f32x4.extract_lane 1 (local.get $a)))
          (f32.add (f32x4.extract_lane 2 (local.get $a)) (f32x4.extract_lane 3 (local.get $a)))))
        (block $tail_done
          (loop $tail
            (br_if $tail_done (i32.ge_u (local.get $d) (local.get $dim)))
            (local.set $s (f32.add (local.get $s)
              (f32.mul
                (f32.load (i32.add (local.get $row) (i32.shl (local.get $d) (i32.const 2))))
                (f32.load (i32.add (local.get $q) (i32.shl (local.get $d) (i32.const 2)))))))
            (local.set $d (i32.add (local.get $d) (i32.const 1)))
            (br $tail)))
        (f32.store (i32.add (local.get $out) (i32.shl (local.get $r) (i32.const 2))) (local.get $s))
        (local.set $row (i32.add (local.get $row) (i32.shl (local.get $dim) (i32.const 2))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rows_loop)))
  )
;; out[r] = dot(mat[r*dim ..], q) over int8 rows (dim a multiple of 16, zero-padded), as int32:
;; a quarter of the memory traffic of float32 rows, for the exact int8-then-re-rank search (int8-index.ts).
  (func (export "scores_i8") (param $mat i32) (param $q i32) (param $rows i32) (param $dim i32) (param $out i32)
    (local $r i32) (local $d i32) (local $row i32) (local $acc v128) (local $x v128) (local $y v128)
    (local.set $row (local.get $mat))
    (block $rows_done
      (loop $rows_loop
        (br_if $rows_done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $acc (v128.const i32x4 0 0 0 0))
        (local.set $d (i32.const 0))
        (block $d_done
          (loop $d16
            (br_if $d_done (i32.ge_u (local.get $d) (local.get $dim)))
            (local.set $x (v128.load (i32.add (local.get $row) (local.get $d))))
            (local.set $y (v128.load (i32.add (local.get $q) (local.get $d))))
            (local.set $acc (i32x4.add (local.get $acc)
              (i32x4.dot_i16x8_s (i16x8.extend_low_i8x16_s (local.get $x)) (i16x8.extend_low_i8x16_s (local.get $y)))))
            (local.set $acc (i32x4.add (local.get $acc)
              (i32x4.dot_i16x8_s (i16x8.extend_high_i8x16_s (local.get $x)) (i16x8.extend_high_i8x16_s (local.get $y)))))
            (local.set $d (i32.add (local.get $d) (i32.const 16)))
            (br $d16)))
        (i32.store (i32.add (local.get $out) (i32.shl (local.get $r) (i32.const 2)))
          (i32.add
            (i32.add (i32x4.extract_lane 0 (local.get $acc)) (i32x4.extract_lane 1 (local.get $acc)))
            (i32.add (i32x4.extract_lane 2 (local.get $acc)) (i32x4.extract_lane 3 (local.get $acc)))))
        (local.set $row (i32.add (local.get $row) (local.get $dim)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rows_loop)))
  )
)
