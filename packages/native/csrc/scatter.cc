// Gradient scatters of the tok2vec layers: the maxout argmax and the embedding-row sum (the
// gradient of a row gather). JS loops over these took ~10% of a training step.
#include <cstdint>
#include <cstring>
#include "scatter.h"

void nerflow_maxout_backward(const float* x, const float* dy, float* dx, int64_t rows, int64_t pieces) {
  memset(dx, 0, sizeof(float) * rows * pieces);
  for (int64_t i = 0; i < rows; i++) {
    const float* xi = x + i * pieces;
    int64_t best = 0;
    for (int64_t j = 1; j < pieces; j++) if (xi[j] > xi[best]) best = j;  // first maximum, as the JS path
    dx[i * pieces + best] = dy[i];
  }
}

__attribute__((target_clones("avx512f", "arch=haswell", "default")))
void nerflow_segment_sum(const float* x, const int32_t* ids, float* out, int64_t n, int64_t segments, int64_t inner) {
  memset(out, 0, sizeof(float) * segments * inner);
  for (int64_t i = 0; i < n; i++) {
    const int32_t s = ids[i];
    if (s < 0 || s >= segments) continue;  // tf.unsortedSegmentSum drops out-of-range ids
    float* o = out + static_cast<int64_t>(s) * inner;
    const float* xi = x + i * inner;
    for (int64_t j = 0; j < inner; j++) o[j] += xi[j];
  }
}
