// Node-API entry points of @nerflow/native. Every argument is checked here: a wrong length would
// otherwise read or write outside the caller's arrays (which live in the wasm heap).
#include <node_api.h>
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <thread>
#include <vector>
#include "adam.h"
#include "gemm.h"
#include "lstm.h"
#include "scatter.h"

namespace {

bool fail(napi_env env, const char* code, const char* msg) {
  napi_throw_range_error(env, code, msg);
  return false;
}

// The data of a typed array of the given element type (throws E_NATIVE_ARG otherwise).
template <typename T>
bool typedArray(napi_env env, napi_value v, napi_typedarray_type expected, const char* what, T** data, size_t* length) {
  bool is = false;
  napi_is_typedarray(env, v, &is);
  if (!is) return fail(env, "E_NATIVE_ARG", what);
  napi_typedarray_type type;
  napi_value buffer;
  size_t offset;
  void* raw;
  napi_get_typedarray_info(env, v, &type, length, &raw, &buffer, &offset);
  if (type != expected) return fail(env, "E_NATIVE_ARG", what);
  *data = static_cast<T*>(raw);
  return true;
}

bool floats(napi_env env, napi_value v, float** data, size_t* length) {
  return typedArray(env, v, napi_float32_array, "expected a Float32Array", data, length);
}

bool ints(napi_env env, napi_value v, int32_t** data, size_t* length) {
  return typedArray(env, v, napi_int32_array, "expected an Int32Array", data, length);
}

bool integer(napi_env env, napi_value v, int64_t* out) {
  if (napi_get_value_int64(env, v, out) != napi_ok || *out < 0) return fail(env, "E_NATIVE_ARG", "expected a non-negative integer");
  return true;
}

bool flag(napi_env env, napi_value v) {
  bool b = false;
  napi_get_value_bool(env, v, &b);
  return b;
}

// matmul(a, b, c, M, N, K, transposeA, transposeB, threads): c = op(a) * op(b)
napi_value MatMul(napi_env env, napi_callback_info info) {
  size_t argc = 9;
  napi_value argv[9];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  if (argc < 9) { fail(env, "E_NATIVE_ARG", "matmul takes 9 arguments"); return nullptr; }
  float *a, *b, *c;
  size_t la, lb, lc;
  int64_t M, N, K, threads;
  if (!floats(env, argv[0], &a, &la) || !floats(env, argv[1], &b, &lb) || !floats(env, argv[2], &c, &lc)) return nullptr;
  if (!integer(env, argv[3], &M) || !integer(env, argv[4], &N) || !integer(env, argv[5], &K) || !integer(env, argv[8], &threads)) return nullptr;
  if (static_cast<int64_t>(la) < M * K || static_cast<int64_t>(lb) < K * N || static_cast<int64_t>(lc) < M * N) {
    fail(env, "E_NATIVE_SHAPE", "an array is shorter than the product's shape says");
    return nullptr;
  }
  nerflow_gemm(a, b, c, M, N, K, flag(env, argv[6]), flag(env, argv[7]), static_cast<int>(threads));
  return nullptr;
}

double number(napi_env env, napi_value v) {
  double d = 0;
  napi_get_value_double(env, v, &d);
  return d;
}

// sumSquares(g): sum of g[i]^2
napi_value SumSquares(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  float* g;
  size_t n;
  if (argc < 1 || !floats(env, argv[0], &g, &n)) return nullptr;
  napi_value out;
  napi_create_double(env, nerflow_sum_squares(g, static_cast<int64_t>(n)), &out);
  return out;
}

// adam(w, g, m, v, scale, beta1, beta2, eps, lrT): one Adam step in place
napi_value Adam(napi_env env, napi_callback_info info) {
  size_t argc = 9;
  napi_value argv[9];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  if (argc < 9) { fail(env, "E_NATIVE_ARG", "adam takes 9 arguments"); return nullptr; }
  float *w, *g, *m, *v;
  size_t lw, lg, lm, lv;
  if (!floats(env, argv[0], &w, &lw) || !floats(env, argv[1], &g, &lg) || !floats(env, argv[2], &m, &lm) || !floats(env, argv[3], &v, &lv)) return nullptr;
  if (lg != lw || lm != lw || lv != lw) { fail(env, "E_NATIVE_SHAPE", "adam's arrays differ in length"); return nullptr; }
  nerflow_adam(w, g, m, v, static_cast<int64_t>(lw), static_cast<float>(number(env, argv[4])), static_cast<float>(number(env, argv[5])),
               static_cast<float>(number(env, argv[6])), static_cast<float>(number(env, argv[7])), static_cast<float>(number(env, argv[8])));
  return nullptr;
}

// maxoutBackward(x, dy, dx, pieces): dx = dy routed to each row's first maximum
napi_value MaxoutBackward(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  if (argc < 4) { fail(env, "E_NATIVE_ARG", "maxoutBackward takes 4 arguments"); return nullptr; }
  float *x, *dy, *dx;
  size_t lx, ly, ld;
  int64_t pieces;
  if (!floats(env, argv[0], &x, &lx) || !floats(env, argv[1], &dy, &ly) || !floats(env, argv[2], &dx, &ld) || !integer(env, argv[3], &pieces)) return nullptr;
  if (pieces < 1 || lx != ly * pieces || ld != lx) { fail(env, "E_NATIVE_SHAPE", "maxoutBackward: x and dx must hold dy.length * pieces values"); return nullptr; }
  nerflow_maxout_backward(x, dy, dx, static_cast<int64_t>(ly), pieces);
  return nullptr;
}

// segmentSum(x, ids, out, segments): out[s] = sum of x rows whose id is s
napi_value SegmentSum(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  if (argc < 4) { fail(env, "E_NATIVE_ARG", "segmentSum takes 4 arguments"); return nullptr; }
  float *x, *out;
  int32_t* ids;
  size_t lx, li, lo;
  int64_t segments;
  if (!floats(env, argv[0], &x, &lx) || !ints(env, argv[1], &ids, &li) || !floats(env, argv[2], &out, &lo) || !integer(env, argv[3], &segments)) return nullptr;
  if (li == 0) { memset(out, 0, sizeof(float) * lo); return nullptr; }
  const int64_t inner = static_cast<int64_t>(lx / li);
  if (static_cast<int64_t>(lx) != inner * static_cast<int64_t>(li) || static_cast<int64_t>(lo) != segments * inner) {
    fail(env, "E_NATIVE_SHAPE", "segmentSum: x must hold ids.length rows and out segments rows of the same width");
    return nullptr;
  }
  nerflow_segment_sum(x, ids, out, static_cast<int64_t>(li), segments, inner);
  return nullptr;
}

// average(avg, w, decay): avg -= (1 - decay) * (avg - w)
napi_value Average(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  if (argc < 3) { fail(env, "E_NATIVE_ARG", "average takes 3 arguments"); return nullptr; }
  float *avg, *w;
  size_t la, lw;
  if (!floats(env, argv[0], &avg, &la) || !floats(env, argv[1], &w, &lw)) return nullptr;
  if (la != lw) { fail(env, "E_NATIVE_SHAPE", "average's arrays differ in length"); return nullptr; }
  nerflow_average(avg, w, static_cast<int64_t>(la), static_cast<float>(number(env, argv[2])));
  return nullptr;
}

// steps[t] for t < T: non-increasing counts <= B of the sequences running at each step (csrc/lstm.h);
// *rows = their sum, the packed rows P
bool runningSteps(napi_env env, napi_value v, int64_t T, int64_t B, int32_t** steps, int64_t* rows) {
  size_t n;
  if (!ints(env, v, steps, &n)) return false;
  if (n != static_cast<size_t>(T)) return fail(env, "E_NATIVE_SHAPE", "lstm: steps must hold T values");
  *rows = 0;
  for (int64_t t = 0; t < T; t++) {
    const int32_t s = (*steps)[t];
    if (s < 0 || s > B || (t > 0 && s > (*steps)[t - 1])) {
      return fail(env, "E_NATIVE_SHAPE", "lstm: steps must be non-increasing counts between 0 and B");
    }
    *rows += s;
  }
  return true;
}

// Runs fn(d) for the D stacked directions, direction d on thread d % threads (the recurrence of one
// direction is sequential in time, but the directions are independent).
template <typename F>
void directions(int64_t D, int64_t threads, F fn) {
  if (threads <= 1 || D <= 1) { for (int64_t d = 0; d < D; d++) fn(d); return; }
  const int64_t parts = threads < D ? threads : D;
  std::vector<std::thread> pool;
  for (int64_t p = 1; p < parts; p++) pool.emplace_back([=] { for (int64_t d = p; d < D; d += parts) fn(d); });
  for (int64_t d = 0; d < D; d += parts) fn(d);
  for (auto& t : pool) t.join();
}

// lstmForward(pre, Wh, hs, cs, acts, T, B, H, steps, threads): the recurrence of D LSTM directions
// stacked in the arrays (D = Wh's length / 4H^2), each over the same time-major batch (csrc/lstm.h)
napi_value LstmForward(napi_env env, napi_callback_info info) {
  size_t argc = 10;
  napi_value argv[10];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  if (argc < 10) { fail(env, "E_NATIVE_ARG", "lstmForward takes 10 arguments"); return nullptr; }
  float *pre, *wh, *hs, *cs, *acts;
  size_t lp, lw, lh, lc, la;
  int64_t T, B, H, threads;
  if (!floats(env, argv[0], &pre, &lp) || !floats(env, argv[1], &wh, &lw) || !floats(env, argv[2], &hs, &lh) ||
      !floats(env, argv[3], &cs, &lc) || !floats(env, argv[4], &acts, &la)) return nullptr;
  if (!integer(env, argv[5], &T) || !integer(env, argv[6], &B) || !integer(env, argv[7], &H) || !integer(env, argv[9], &threads)) return nullptr;
  int32_t* running;
  int64_t P;
  if (!runningSteps(env, argv[8], T, B, &running, &P)) return nullptr;
  const size_t weights = static_cast<size_t>(4 * H * H);
  const size_t D = weights > 0 ? lw / weights : 0;
  const size_t states = static_cast<size_t>(P * H) * D;
  if (D == 0 || lw != D * weights || lp != 4 * states || la != 4 * states || lh != states || lc != states) {
    fail(env, "E_NATIVE_SHAPE", "lstmForward: for D directions over P packed rows (the sum of steps), Wh must hold D*H*4H values, pre/acts D*P*4H, hs/cs D*P*H");
    return nullptr;
  }
  const int64_t one = P * H;
  directions(static_cast<int64_t>(D), threads, [&](int64_t d) {
    nerflow_lstm_forward(pre + d * 4 * one, wh + d * weights, hs + d * one, cs + d * one, acts + d * 4 * one, T, H, running);
  });
  return nullptr;
}

// lstmBackward(dhs, Wh, hs, cs, acts, dpre, dWh, T, B, H, steps, threads): their gradients (csrc/lstm.h)
napi_value LstmBackward(napi_env env, napi_callback_info info) {
  size_t argc = 12;
  napi_value argv[12];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  if (argc < 12) { fail(env, "E_NATIVE_ARG", "lstmBackward takes 12 arguments"); return nullptr; }
  float *dhs, *wh, *hs, *cs, *acts, *dpre, *dwh;
  size_t ld, lw, lh, lc, la, lp, ldw;
  int64_t T, B, H, threads;
  if (!floats(env, argv[0], &dhs, &ld) || !floats(env, argv[1], &wh, &lw) || !floats(env, argv[2], &hs, &lh) ||
      !floats(env, argv[3], &cs, &lc) || !floats(env, argv[4], &acts, &la) || !floats(env, argv[5], &dpre, &lp) ||
      !floats(env, argv[6], &dwh, &ldw)) return nullptr;
  if (!integer(env, argv[7], &T) || !integer(env, argv[8], &B) || !integer(env, argv[9], &H) || !integer(env, argv[11], &threads)) return nullptr;
  int32_t* running;
  int64_t P;
  if (!runningSteps(env, argv[10], T, B, &running, &P)) return nullptr;
  const size_t weights = static_cast<size_t>(4 * H * H);
  const size_t D = weights > 0 ? lw / weights : 0;
  const size_t states = static_cast<size_t>(P * H) * D;
  if (D == 0 || lw != D * weights || ldw != lw || ld != states || lh != states || lc != states || la != 4 * states || lp != 4 * states) {
    fail(env, "E_NATIVE_SHAPE", "lstmBackward: for D directions over P packed rows (the sum of steps), Wh/dWh must hold D*H*4H values, dhs/hs/cs D*P*H, acts/dpre D*P*4H");
    return nullptr;
  }
  const int64_t one = P * H;
  directions(static_cast<int64_t>(D), threads, [&](int64_t d) {
    nerflow_lstm_backward(dhs + d * one, wh + d * weights, hs + d * one, cs + d * one, acts + d * 4 * one,
                          dpre + d * 4 * one, dwh + d * weights, T, H, running);
  });
  return nullptr;
}

// lstmPredict(x, Wx, b, Wh, hs, H, starts, lengths, threads): the forward-only recurrence, input
// projection included, of D directions stacked in the weights (Wx [D, I, 4H], b [D, 4H], Wh [D, H,
// 4H]) over the rows of x [N, I] in token order, into hs [D, N, H]; even directions read each
// sequence forward, odd ones backward (a BiLSTM's fwd, bwd) (csrc/lstm.h)
napi_value LstmPredict(napi_env env, napi_callback_info info) {
  size_t argc = 9;
  napi_value argv[9];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  if (argc < 9) { fail(env, "E_NATIVE_ARG", "lstmPredict takes 9 arguments"); return nullptr; }
  float *x, *wx, *b, *wh, *hs;
  int32_t *starts, *lengths;
  size_t lx, lwx, lb, lwh, lh, ls, ll;
  int64_t H, threads;
  if (!floats(env, argv[0], &x, &lx) || !floats(env, argv[1], &wx, &lwx) || !floats(env, argv[2], &b, &lb) ||
      !floats(env, argv[3], &wh, &lwh) || !floats(env, argv[4], &hs, &lh)) return nullptr;
  if (!integer(env, argv[5], &H) || !ints(env, argv[6], &starts, &ls) || !ints(env, argv[7], &lengths, &ll) || !integer(env, argv[8], &threads)) return nullptr;
  const size_t G = static_cast<size_t>(4 * H);
  const size_t D = H > 0 ? lwh / (G * H) : 0;
  const size_t I = D > 0 ? lwx / (D * G) : 0;
  const size_t N = I > 0 ? lx / I : 0;
  if (D == 0 || I == 0 || lwh != D * G * H || lwx != D * I * G || lb != D * G || lx != N * I || lh != D * N * H) {
    fail(env, "E_NATIVE_SHAPE", "lstmPredict: for D directions over N rows of I inputs, Wx must hold D*I*4H values, b D*4H, Wh D*H*4H, x N*I, hs D*N*H");
    return nullptr;
  }
  if (ls != ll) { fail(env, "E_NATIVE_SHAPE", "lstmPredict: starts and lengths differ in length"); return nullptr; }
  for (size_t s = 0; s < ls; s++) {
    if (starts[s] < 0 || lengths[s] < 0 || static_cast<size_t>(starts[s]) + static_cast<size_t>(lengths[s]) > N) {
      fail(env, "E_NATIVE_SHAPE", "lstmPredict: a sequence reaches past the last row");
      return nullptr;
    }
  }
  // longest first (ties in input order), so the sequences running at step t are the first rows
  std::vector<int32_t> order(ls);
  for (size_t s = 0; s < ls; s++) order[s] = static_cast<int32_t>(s);
  std::stable_sort(order.begin(), order.end(), [&](int32_t p, int32_t q) { return lengths[p] > lengths[q]; });
  const int64_t S = static_cast<int64_t>(ls);
  directions(static_cast<int64_t>(D), threads, [&](int64_t d) {
    nerflow_lstm_predict(x, wx + d * I * G, b + d * G, wh + d * G * H, hs + d * N * H, static_cast<int64_t>(N),
                         static_cast<int64_t>(I), H, starts, lengths, order.data(), S, d % 2 == 1);
  });
  return nullptr;
}

// The widest vector instructions the product uses on this CPU (for diagnostics and benchmarks).
napi_value Isa(napi_env env, napi_callback_info) {
  __builtin_cpu_init();
  const char* isa = __builtin_cpu_supports("avx512f") ? "avx512f" : __builtin_cpu_supports("avx2") ? "avx2" : "baseline";
  napi_value out;
  napi_create_string_utf8(env, isa, NAPI_AUTO_LENGTH, &out);
  return out;
}

napi_value Init(napi_env env, napi_value exports) {
  napi_value fn;
  napi_create_function(env, "matmul", NAPI_AUTO_LENGTH, MatMul, nullptr, &fn);
  napi_set_named_property(env, exports, "matmul", fn);
  napi_create_function(env, "sumSquares", NAPI_AUTO_LENGTH, SumSquares, nullptr, &fn);
  napi_set_named_property(env, exports, "sumSquares", fn);
  napi_create_function(env, "adam", NAPI_AUTO_LENGTH, Adam, nullptr, &fn);
  napi_set_named_property(env, exports, "adam", fn);
  napi_create_function(env, "maxoutBackward", NAPI_AUTO_LENGTH, MaxoutBackward, nullptr, &fn);
  napi_set_named_property(env, exports, "maxoutBackward", fn);
  napi_create_function(env, "segmentSum", NAPI_AUTO_LENGTH, SegmentSum, nullptr, &fn);
  napi_set_named_property(env, exports, "segmentSum", fn);
  napi_create_function(env, "average", NAPI_AUTO_LENGTH, Average, nullptr, &fn);
  napi_set_named_property(env, exports, "average", fn);
  napi_create_function(env, "lstmForward", NAPI_AUTO_LENGTH, LstmForward, nullptr, &fn);
  napi_set_named_property(env, exports, "lstmForward", fn);
  napi_create_function(env, "lstmBackward", NAPI_AUTO_LENGTH, LstmBackward, nullptr, &fn);
  napi_set_named_property(env, exports, "lstmBackward", fn);
  napi_create_function(env, "lstmPredict", NAPI_AUTO_LENGTH, LstmPredict, nullptr, &fn);
  napi_set_named_property(env, exports, "lstmPredict", fn);
  // lstmForward / lstmBackward take the packed layout (csrc/lstm.h); an addon without this mark
  // takes [T, B] with zero rows, and the TypeScript side does not use its recurrence
  napi_value layout;
  napi_create_string_utf8(env, "packed", NAPI_AUTO_LENGTH, &layout);
  napi_set_named_property(env, exports, "lstmLayout", layout);
  napi_create_function(env, "isa", NAPI_AUTO_LENGTH, Isa, nullptr, &fn);
  napi_set_named_property(env, exports, "isa", fn);
  return exports;
}

}  // namespace

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
