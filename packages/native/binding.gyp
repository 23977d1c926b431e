{
  "targets": [
    {
      "target_name": "nerflow_native",
      "sources": ["csrc/binding.cc", "csrc/gemm.cc", "csrc/adam.cc", "csrc/scatter.cc", "csrc/lstm.cc"],
      "cflags_cc": ["-O3", "-std=c++17", "-fno-math-errno", "-fno-trapping-math"],
      "ldflags": ["-pthread"],
      "cflags": ["-pthread"]
    }
  ]
}
