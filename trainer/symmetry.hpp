// Which tasks train phi(x), -phi(x), phi(-x) and -phi(-x) identically, and the weights that show it.
//
// With weights drawn from a distribution symmetric about zero and biases (and layer-norm biases) starting
// at zero, a network N for phi and a network N' for psi = reflect(phi, r) (expr/equivalence.hpp) compute
// the same function when N' holds N's parameters with these signs flipped:
//   -phi(x): every weight matrix after the first (hidden activations of N' are those of N negated; with
//            residual connections too, since h' = -h' + ... stays negated);
//   phi(-x): the weights, biases and layer-norm biases of every hidden layer (the pre-activations of N'
//            are those of N negated; LN(-u) = -LN(u); the hidden activations are equal);
//   -phi(-x): both. Layer-norm gains and the activation's own constants keep their values.
// The flipped initial parameters are as likely as the unflipped ones, the loss is the same function of
// the mapped parameters, and every optimiser here (SGD with momentum, Adam, AdamW, weight decay) updates
// each coordinate by a rule that commutes with its sign, so training outcomes are identically distributed.
// tests/trainer/symmetry_test.cpp trains both networks side by side.
#pragma once

#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "expr/equivalence.hpp"
#include "trainer/layer_spec.hpp"
#include "trainer/mlp.hpp"
#include "trainer/task.hpp"

namespace actsearch::trainer {

// True when every field of the task keeps the symmetry (today: every init, distribution, norm,
// residual setting and optimiser the trainer has, and zero initial biases). Each field says which of
// its values keep it in its row of trainer/task_fields.hpp, where a row without that does not compile.
bool sign_symmetric(const TaskSpec& task);

// The reflections every field of the task keeps. For networks (model.kind network) it depends on the
// layers (src/network_symmetry.cpp): linear layers, average and global pooling, batch and layer norm
// keep every reflection; max pooling after an activation breaks -phi(x) and -phi(-x), before one (on
// pre-activations) phi(-x) and -phi(-x); a residual block with an identity shortcut adds the block's
// input (an activation's output) to a pre-activation, which breaks -phi(x) and phi(-x).
// sign_symmetric(task) is kept_reflections(task).all().
expr::Reflections kept_reflections(const TaskSpec& task);

// The blocks (ParameterBlock::layer, kind) of a network of `layers` to negate for reflection r, or
// nullopt when the layers break r. input_channels: the data's channels, when known.
std::optional<std::vector<std::pair<std::size_t, BlockKind>>> network_flips(std::span<const LayerSpec> layers,
                                                                            std::optional<std::size_t> input_channels,
                                                                            expr::Reflection r);

// Negates the parameters of a network (its blocks()) as network_flips says; false when r is broken.
template <class T>
bool reflect_network_parameters(std::span<const ParameterBlock> blocks, std::span<const LayerSpec> layers,
                                std::size_t input_channels, expr::Reflection r, std::span<T> params);

// Flips the signs of `params` (laid out as `blocks`, num_hidden hidden layers) as above.
template <class T>
void reflect_parameters(std::span<const ParameterBlock> blocks, std::size_t num_hidden, expr::Reflection r,
                        std::span<T> params);

}  // namespace actsearch::trainer
