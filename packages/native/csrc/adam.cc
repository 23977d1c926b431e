// Adam's update and the gradient norm over plain float32 arrays, for the training loop's host
// optimiser (its JS loop took ~20% of a training step over the model's 2 M weights).
#include <cmath>
#include <cstdint>
#include "adam.h"

__attribute__((target_clones("avx512f", "arch=haswell", "default")))
double nerflow_sum_squares(const float* g, int64_t n) {
  // 16 float lanes summed in blocks, each block added in double: vectorised, and the rounding
  // stays below the float32 weights' own.
  double total = 0;
  constexpr int64_t B = 4096;
  for (int64_t i0 = 0; i0 < n; i0 += B) {
    const int64_t i1 = i0 + B < n ? i0 + B : n;
    float lanes[16] = {0};
    int64_t i = i0;
    for (; i + 16 <= i1; i += 16)
      for (int l = 0; l < 16; l++) lanes[l] += g[i + l] * g[i + l];
    float rest = 0;
    for (; i < i1; i++) rest += g[i] * g[i];
    double block = rest;
    for (int l = 0; l < 16; l++) block += lanes[l];
    total += block;
  }
  return total;
}

__attribute__((target_clones("avx512f", "arch=haswell", "default")))
void nerflow_adam(float* w, const float* g, float* m, float* v, int64_t n, float scale, float beta1, float beta2,
                  float eps, float lrT) {
  const float c1 = 1.0f - beta1, c2 = 1.0f - beta2;
  for (int64_t i = 0; i < n; i++) {
    const float gi = g[i] * scale;
    const float mi = m[i] * beta1 + gi * c1;
    const float vi = v[i] * beta2 + gi * gi * c2;
    m[i] = mi;
    v[i] = vi;
    w[i] -= mi / (std::sqrt(vi) + eps) * lrT;
  }
}

__attribute__((target_clones("avx512f", "arch=haswell", "default")))
void nerflow_average(float* avg, const float* w, int64_t n, float decay) {
  const float k = 1.0f - decay;
  for (int64_t i = 0; i < n; i++) avg[i] -= k * (avg[i] - w[i]);
}
