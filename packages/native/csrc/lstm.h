#pragma once
#include <cstdint>
// The recurrence of one LSTM direction over a packed time-major batch (the input projections are
// computed by the caller in one matrix product). Layouts, row-major float32:
//   pre, acts, dpre [P, 4H] (gates i | f | g | o), Wh, dWh [H, 4H], hs, cs, dhs [P, H],
// where step t holds steps[t] rows, after the rows of the steps before it (P = the sum of steps).
// Forward: z_t = pre_t + h_{t-1} Wh; i, f, o = sigmoid, g = tanh; c_t = f c_{t-1} + i g;
// h_t = o tanh(c_t) (h_{-1} = c_{-1} = 0). acts keeps the activated gates for the backward pass.
// steps[t] (non-increasing) is how many sequences still run at step t: the batch holds its
// sequences longest first, so step t's rows are the first steps[t] sequences; the padding has no
// rows at all (PyTorch's packed sequences; a [T, B] layout with zero rows moved ~3x the real rows).
void nerflow_lstm_forward(const float* pre, const float* Wh, float* hs, float* cs, float* acts,
                          int64_t T, int64_t H, const int32_t* steps);
// Backward through time from dL/dh_t (dhs) to dL/dpre (dpre) and dL/dWh (dWh, overwritten).
void nerflow_lstm_backward(const float* dhs, const float* Wh, const float* hs, const float* cs, const float* acts,
                           float* dpre, float* dWh, int64_t T, int64_t H, const int32_t* steps);
// Prediction only (no gradient): one LSTM direction, input projection included, over S sequences
// stored one after another in token order: sequence s is rows [starts[s], starts[s] + lengths[s])
// of x [N, I] and hs [N, H] (no time-major layout, no padding, no activations kept). Wx [I, 4H],
// bias [4H], Wh [H, 4H]; `reverse` reads each sequence last row first (a BiLSTM's backward
// direction); `order` lists the sequences longest first. Same arithmetic per row as the training
// path (x Wx + b, then nerflow_lstm_forward), so the same states up to the products' summation order.
void nerflow_lstm_predict(const float* x, const float* Wx, const float* bias, const float* Wh, float* hs, int64_t N,
                          int64_t I, int64_t H, const int32_t* starts, const int32_t* lengths, const int32_t* order,
                          int64_t S, bool reverse);
