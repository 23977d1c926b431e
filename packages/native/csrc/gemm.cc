// Single-precision matrix product for nerflow's training and prediction (the tfjs wasm backend's
// BatchMatMul is ~70% of a training step; this runs the same product with the CPU's full vector
// width). Row-major C[M,N] = op(A)[M,K] * op(B)[K,N]; op is an optional transpose, done by packing.
#include <cstdint>
#include <cstring>
#include <memory>
#include <thread>
#include <vector>
#include "gemm.h"

namespace {

typedef float v16 __attribute__((vector_size(64), aligned(4), may_alias));

constexpr int64_t kRows = 4;     // register tile: 4 rows of C ...
constexpr int64_t kCols = 32;    // ... by 32 columns (8 zmm registers with AVX-512, 16 ymm with AVX2)
constexpr int64_t kDepth = 256;  // K block: keeps a [256 x N] panel of B in L2

inline v16 load16(const float* p) { v16 v; memcpy(&v, p, 64); return v; }
inline void store16(float* p, v16 v) { memcpy(p, &v, 64); }

// C[rowBegin:rowEnd, :] (+)= A[rowBegin:rowEnd, k0:k1] * B[k0:k1, :]. B's K block is first copied
// into `panel` as contiguous column strips ([k1 - k0, 32] each, then one [k1 - k0, 16] where N % 32
// >= 16), which every 4-row tile then reads in order: read in place, a strip's rows lie N floats
// apart and evicted each other from L1 (the product of [11800 x 128] by [128 x 256] ran at 48
// GFLOP/s, 113 with K = 64), and the NER output layer's 17 columns all took the scalar path. Every
// element is still summed over k in the same order: the 32-column strips give the same bits as
// before the copy; columns of the 16-wide strip (scalar before) may differ in the last bit.
__attribute__((target_clones("avx512f", "arch=haswell", "default")))
void tiles(const float* A, const float* B, float* C, int64_t rowBegin, int64_t rowEnd, int64_t N, int64_t K,
           int64_t k0, int64_t k1, bool accumulate, float* panel) {
  const int64_t kb = k1 - k0;
  const int64_t fullEnd = rowBegin + (rowEnd - rowBegin) / kRows * kRows;  // rows in whole 4-row tiles
  const int64_t strips = N / kCols;
  const bool half = N - strips * kCols >= 16;
  const int64_t vecEnd = strips * kCols + (half ? 16 : 0);  // columns the vector tiles cover
  if (fullEnd > rowBegin) {
    for (int64_t s = 0; s < strips; s++)
      for (int64_t k = 0; k < kb; k++) memcpy(panel + (s * kb + k) * kCols, B + (k0 + k) * N + s * kCols, sizeof(float) * kCols);
    if (half)
      for (int64_t k = 0; k < kb; k++) memcpy(panel + strips * kb * kCols + k * 16, B + (k0 + k) * N + strips * kCols, sizeof(float) * 16);
  }
  for (int64_t i0 = rowBegin; i0 < fullEnd; i0 += kRows) {
    const float* a0 = A + (i0 + 0) * K; const float* a1 = A + (i0 + 1) * K;
    const float* a2 = A + (i0 + 2) * K; const float* a3 = A + (i0 + 3) * K;
    for (int64_t s = 0; s < strips; s++) {
      const int64_t j0 = s * kCols;
      float* c0 = C + (i0 + 0) * N + j0; float* c1 = C + (i0 + 1) * N + j0;
      float* c2 = C + (i0 + 2) * N + j0; float* c3 = C + (i0 + 3) * N + j0;
      v16 z = {0};
      v16 c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z;
      if (accumulate) {
        c00 = load16(c0); c01 = load16(c0 + 16); c10 = load16(c1); c11 = load16(c1 + 16);
        c20 = load16(c2); c21 = load16(c2 + 16); c30 = load16(c3); c31 = load16(c3 + 16);
      }
      const float* p = panel + s * kb * kCols;
      for (int64_t k = k0; k < k1; k++, p += kCols) {
        const v16 b0 = load16(p), b1 = load16(p + 16);
        c00 += a0[k] * b0; c01 += a0[k] * b1;
        c10 += a1[k] * b0; c11 += a1[k] * b1;
        c20 += a2[k] * b0; c21 += a2[k] * b1;
        c30 += a3[k] * b0; c31 += a3[k] * b1;
      }
      store16(c0, c00); store16(c0 + 16, c01); store16(c1, c10); store16(c1 + 16, c11);
      store16(c2, c20); store16(c2 + 16, c21); store16(c3, c30); store16(c3 + 16, c31);
    }
    if (half) {
      const int64_t j0 = strips * kCols;
      float* c0 = C + (i0 + 0) * N + j0; float* c1 = C + (i0 + 1) * N + j0;
      float* c2 = C + (i0 + 2) * N + j0; float* c3 = C + (i0 + 3) * N + j0;
      v16 z = {0};
      v16 c00 = z, c10 = z, c20 = z, c30 = z;
      if (accumulate) { c00 = load16(c0); c10 = load16(c1); c20 = load16(c2); c30 = load16(c3); }
      const float* p = panel + strips * kb * kCols;
      for (int64_t k = k0; k < k1; k++, p += 16) {
        const v16 b0 = load16(p);
        c00 += a0[k] * b0; c10 += a1[k] * b0; c20 += a2[k] * b0; c30 += a3[k] * b0;
      }
      store16(c0, c00); store16(c1, c10); store16(c2, c20); store16(c3, c30);
    }
    // the last columns (fewer than 16)
    for (int64_t r = i0; r < i0 + kRows; r++)
      for (int64_t j = vecEnd; j < N; j++) {
        float s = accumulate ? C[r * N + j] : 0.0f;
        for (int64_t k = k0; k < k1; k++) s += A[r * K + k] * B[k * N + j];
        C[r * N + j] = s;
      }
  }
  for (int64_t i0 = fullEnd; i0 < rowEnd; i0++) {
    float* c = C + i0 * N;
    if (!accumulate) for (int64_t j = 0; j < N; j++) c[j] = 0.0f;
    for (int64_t k = k0; k < k1; k++) {
      const float a = A[i0 * K + k];
      const float* b = B + k * N;
      for (int64_t j = 0; j < N; j++) c[j] += a * b[j];
    }
  }
}

void rows(const float* A, const float* B, float* C, int64_t rowBegin, int64_t rowEnd, int64_t N, int64_t K) {
  if (K == 0) {
    for (int64_t i = rowBegin; i < rowEnd; i++) memset(C + i * N, 0, sizeof(float) * N);
    return;
  }
  // B's K block as strips (tiles); uninitialised (every float is written before it is read): the
  // recurrence calls this once per time step
  std::unique_ptr<float[]> panel(new float[static_cast<size_t>((K < kDepth ? K : kDepth) * (N + kCols))]);
  for (int64_t k0 = 0; k0 < K; k0 += kDepth) {
    const int64_t k1 = k0 + kDepth < K ? k0 + kDepth : K;
    tiles(A, B, C, rowBegin, rowEnd, N, K, k0, k1, k0 > 0, panel.get());
  }
}

// dst[cols, rows] = src[rows, cols]^T
void transpose(const float* src, float* dst, int64_t r, int64_t c) {
  constexpr int64_t T = 32;
  for (int64_t i0 = 0; i0 < r; i0 += T)
    for (int64_t j0 = 0; j0 < c; j0 += T)
      for (int64_t i = i0; i < i0 + T && i < r; i++)
        for (int64_t j = j0; j < j0 + T && j < c; j++) dst[j * r + i] = src[i * c + j];
}

}  // namespace

void nerflow_gemm(const float* A, const float* B, float* C, int64_t M, int64_t N, int64_t K,
                  bool transposeA, bool transposeB, int threads) {
  std::vector<float> packedA, packedB;
  if (transposeA) { packedA.resize(M * K); transpose(A, packedA.data(), K, M); A = packedA.data(); }
  if (transposeB) { packedB.resize(K * N); transpose(B, packedB.data(), N, K); B = packedB.data(); }
  // Threads split C's rows in multiples of the tile height; small products stay on one thread
  // (starting a thread costs ~20 us, a 64x96x96 product ~10 us).
  const double flops = 2.0 * M * N * K;
  int parts = threads;
  if (flops < 4e6) parts = 1;
  if (parts > 1 && M < parts * kRows) parts = 1;
  if (parts <= 1) { rows(A, B, C, 0, M, N, K); return; }
  const int64_t share = ((M + parts - 1) / parts + kRows - 1) / kRows * kRows;
  std::vector<std::thread> pool;
  for (int p = 1; p < parts; p++) {
    const int64_t begin = p * share, end = begin + share < M ? begin + share : M;
    if (begin < end) pool.emplace_back(rows, A, B, C, begin, end, N, K);
  }
  rows(A, B, C, 0, share < M ? share : M, N, K);
  for (auto& t : pool) t.join();
}
