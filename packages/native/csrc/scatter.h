#pragma once
#include <cstdint>
/** dx[rows, pieces] = dy[row] at each row's first maximum of x[rows, pieces], 0 elsewhere. */
void nerflow_maxout_backward(const float* x, const float* dy, float* dx, int64_t rows, int64_t pieces);
/** out[segments, inner] = sum of x[i, inner] over i with ids[i] == segment (other ids dropped). */
void nerflow_segment_sum(const float* x, const int32_t* ids, float* out, int64_t n, int64_t segments, int64_t inner);
