// The layers of a `model.kind: network` task, one string per layer (model.layers), and the shapes they
// produce. The grammar (tokens separated by spaces):
//
//   conv C KxK [sS]   C output channels, K = 1 or 3, stride S = 1 (default) or 2, "same" padding K/2, bias
//   bn                batch norm per channel (per feature on flat data)
//   ln                layer norm per example over all of C, H, W (elementwise gain and bias)
//   act               the candidate activation, with its own constants theta
//   maxpool 2         max pooling, kernel = stride = 2 (odd sizes round down)
//   avgpool 2         average pooling, kernel = stride = 2
//   gap               global average pooling: C x H x W -> C
//   dense N           fully connected to N features (flattens its input)
//   block C [sS]      residual basic block (torchvision's BasicBlock): conv3x3(S)-bn-act-conv3x3-bn plus the
//                     shortcut (identity, or conv1x1(S)-bn when the shape changes), then act
//
// The classifier (flatten, dense to the number of classes, softmax cross-entropy) follows the list.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/expected.hpp"

namespace actsearch::trainer {

enum class LayerKind { Conv, BatchNorm, LayerNorm, Activation, MaxPool, AvgPool, GlobalAvgPool, Dense, Block };

struct LayerSpec {
  LayerKind kind = LayerKind::Activation;
  std::size_t channels = 0;  // conv, block: output channels; dense: output features
  std::size_t kernel = 0;    // conv: 1 or 3; pools: 2
  std::size_t stride = 1;    // conv, block: 1 or 2; pools: 2
};

// One example's tensor: channels x height x width (flat data is C x 1 x 1).
struct TensorShape {
  std::size_t c = 1, h = 1, w = 1;
  std::size_t size() const { return c * h * w; }
  friend bool operator==(const TensorShape&, const TensorShape&) = default;
};

// Parses one entry; the error says what was expected.
Expected<LayerSpec> parse_layer(std::string_view text);

// The entry's text as parse_layer reads it back.
std::string to_string(const LayerSpec& layer);

// A problem with the list, naming the entry at fault (0-based).
struct LayerListProblem {
  std::size_t entry = 0;
  std::string message;
};

// The tensor shape of an example of `example_shape` ({C, H, W}, {H, W} or {features}).
TensorShape tensor_shape_of(std::span<const std::size_t> example_shape);

// The output shape of `layer` on `in`, or what is wrong.
Expected<TensorShape> output_shape(const LayerSpec& layer, TensorShape in);

// Checks every entry's syntax and, given the input shape, that each layer fits the shape before it.
std::optional<LayerListProblem> check_layers(std::span<const std::string> layers,
                                             std::optional<TensorShape> input = std::nullopt);

// The parsed entries of a list that check_layers accepts (throws std::invalid_argument otherwise).
std::vector<LayerSpec> parse_layers(std::span<const std::string> layers);

}  // namespace actsearch::trainer
