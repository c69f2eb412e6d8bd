// Text of the device source files that are the same in every generated module, embedded by the
// build (kernels/CMakeLists.txt) from the real files, so they are written, reviewed and shared
// with the C++ side as code rather than as strings in codegen.cpp.
#pragma once

#include <string_view>

namespace actsearch::kernels {

// trainer/optimizer_rules.hpp: the optimisers' element-wise rules, also compiled by the CPU trainer.
std::string_view optimizer_rules_source();

// trainer/divergence_rule.hpp: when a batch ends a run as diverged, also compiled by the CPU trainer.
std::string_view divergence_rule_source();

// src/device/training_kernels.cu: the batched training and evaluation kernels.
std::string_view training_kernels_source();

}  // namespace actsearch::kernels
