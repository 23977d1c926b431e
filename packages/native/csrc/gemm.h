#pragma once
#include <cstdint>
// C[M,N] = op(A) * op(B), row-major float32; op(A) is [M,K] (A stored [K,M] when transposeA),
// op(B) is [K,N] (B stored [N,K] when transposeB). `threads` <= 1 runs on the calling thread.
void nerflow_gemm(const float* A, const float* B, float* C, int64_t M, int64_t N, int64_t K,
                  bool transposeA, bool transposeB, int threads);
