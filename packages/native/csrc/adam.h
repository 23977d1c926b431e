#pragma once
#include <cstdint>
/** Sum of g[i]^2. */
double nerflow_sum_squares(const float* g, int64_t n);
/** One Adam step in place (bias correction folded into lrT): m, v moments; g scaled by `scale` first. */
void nerflow_adam(float* w, const float* g, float* m, float* v, int64_t n, float scale, float beta1, float beta2,
                  float eps, float lrT);
/** Moving average of the weights in place: avg -= (1 - decay) * (avg - w). */
void nerflow_average(float* avg, const float* w, int64_t n, float decay);
