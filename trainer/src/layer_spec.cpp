// The model.layers grammar (trainer/layer_spec.hpp) and the shapes it produces.
#include "trainer/layer_spec.hpp"

#include <charconv>
#include <stdexcept>

namespace actsearch::trainer {
namespace {

std::vector<std::string_view> tokens_of(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
    const std::size_t start = i;
    while (i < text.size() && text[i] != ' ' && text[i] != '\t') ++i;
    if (i > start) out.push_back(text.substr(start, i - start));
  }
  return out;
}

std::optional<std::size_t> number(std::string_view text) {
  std::size_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

constexpr std::size_t kMaxWidth = 1 << 16;

const char* const kExpected =
    "expected one of: 'conv C KxK [sS]', 'bn', 'ln', 'act', 'maxpool 2', 'avgpool 2', 'gap', 'dense N', "
    "'block C [sS]' (K = 1 or 3, S = 1 or 2)";

}  // namespace

Expected<LayerSpec> parse_layer(std::string_view text) {
  const auto t = tokens_of(text);
  auto bad = [&](const std::string& why) { return fail("'" + std::string(text) + "': " + why); };
  if (t.empty()) return bad(kExpected);
  auto width = [&](std::string_view token, const char* what) -> Expected<std::size_t> {
    const auto n = number(token);
    if (!n || *n < 1 || *n > kMaxWidth) {
      return bad(std::string("expected the number of ") + what + " (1..65536), found '" + std::string(token) + "'");
    }
    return *n;
  };
  auto stride = [&](std::string_view token) -> Expected<std::size_t> {
    if (token == "s1") return 1;
    if (token == "s2") return 2;
    return bad("expected the stride 's1' or 's2', found '" + std::string(token) + "'");
  };
  const std::string_view head = t[0];
  if (head == "bn" || head == "ln" || head == "act" || head == "gap") {
    if (t.size() != 1) return bad("expected '" + std::string(head) + "' alone (it takes no arguments)");
    const LayerKind kind = head == "bn"    ? LayerKind::BatchNorm
                           : head == "ln"  ? LayerKind::LayerNorm
                           : head == "act" ? LayerKind::Activation
                                           : LayerKind::GlobalAvgPool;
    return LayerSpec{.kind = kind};
  }
  if (head == "maxpool" || head == "avgpool") {
    if (t.size() != 2 || t[1] != "2") return bad("expected '" + std::string(head) + " 2' (kernel = stride = 2)");
    return LayerSpec{.kind = head == "maxpool" ? LayerKind::MaxPool : LayerKind::AvgPool, .kernel = 2, .stride = 2};
  }
  if (head == "dense") {
    if (t.size() != 2) return bad("expected 'dense N'");
    auto n = width(t[1], "features");
    if (!n) return fail(n.error());
    return LayerSpec{.kind = LayerKind::Dense, .channels = *n};
  }
  if (head == "conv") {
    if (t.size() < 3 || t.size() > 4) return bad("expected 'conv C KxK [sS]'");
    auto c = width(t[1], "channels");
    if (!c) return fail(c.error());
    if (t[2] != "1x1" && t[2] != "3x3")
      return bad("expected the kernel '1x1' or '3x3', found '" + std::string(t[2]) + "'");
    LayerSpec spec{.kind = LayerKind::Conv, .channels = *c, .kernel = t[2] == "1x1" ? 1u : 3u};
    if (t.size() == 4) {
      auto s = stride(t[3]);
      if (!s) return fail(s.error());
      spec.stride = *s;
    }
    return spec;
  }
  if (head == "block") {
    if (t.size() < 2 || t.size() > 3) return bad("expected 'block C [sS]'");
    auto c = width(t[1], "channels");
    if (!c) return fail(c.error());
    LayerSpec spec{.kind = LayerKind::Block, .channels = *c, .kernel = 3};
    if (t.size() == 3) {
      auto s = stride(t[2]);
      if (!s) return fail(s.error());
      spec.stride = *s;
    }
    return spec;
  }
  return bad(kExpected);
}

std::string to_string(const LayerSpec& layer) {
  const std::string stride = layer.stride == 1 ? "" : " s" + std::to_string(layer.stride);
  switch (layer.kind) {
    case LayerKind::Conv:
      return "conv " + std::to_string(layer.channels) + " " + std::to_string(layer.kernel) + "x" +
             std::to_string(layer.kernel) + stride;
    case LayerKind::BatchNorm: return "bn";
    case LayerKind::LayerNorm: return "ln";
    case LayerKind::Activation: return "act";
    case LayerKind::MaxPool: return "maxpool 2";
    case LayerKind::AvgPool: return "avgpool 2";
    case LayerKind::GlobalAvgPool: return "gap";
    case LayerKind::Dense: return "dense " + std::to_string(layer.channels);
    case LayerKind::Block: return "block " + std::to_string(layer.channels) + stride;
  }
  return {};
}

TensorShape tensor_shape_of(std::span<const std::size_t> example_shape) {
  if (example_shape.size() == 3) return {example_shape[0], example_shape[1], example_shape[2]};
  if (example_shape.size() == 2) return {1, example_shape[0], example_shape[1]};
  std::size_t n = 1;
  for (std::size_t d : example_shape) n *= d;
  return {n, 1, 1};
}

Expected<TensorShape> output_shape(const LayerSpec& layer, TensorShape in) {
  const bool image = in.h > 1 || in.w > 1;
  auto strided = [](std::size_t n, std::size_t s) { return (n + s - 1) / s; };  // "same" padding
  switch (layer.kind) {
    case LayerKind::Conv:
    case LayerKind::Block:
      if (!image) {
        return fail(std::string(layer.kind == LayerKind::Conv ? "a convolution" : "a residual block") +
                    " needs image data (C x H x W), but its input is flat (" + std::to_string(in.size()) +
                    " features): use dense layers, or put it before 'gap' and 'dense'");
      }
      return TensorShape{layer.channels, strided(in.h, layer.stride), strided(in.w, layer.stride)};
    case LayerKind::MaxPool:
    case LayerKind::AvgPool:
      if (in.h < 2 || in.w < 2) {
        return fail("pooling needs an image of at least 2 x 2, but its input is " + std::to_string(in.c) + " x " +
                    std::to_string(in.h) + " x " + std::to_string(in.w));
      }
      return TensorShape{in.c, in.h / 2, in.w / 2};
    case LayerKind::GlobalAvgPool: return TensorShape{in.c, 1, 1};
    case LayerKind::Dense: return TensorShape{layer.channels, 1, 1};
    case LayerKind::BatchNorm:
    case LayerKind::LayerNorm:
    case LayerKind::Activation: return in;
  }
  return in;
}

std::optional<LayerListProblem> check_layers(std::span<const std::string> layers, std::optional<TensorShape> input) {
  TensorShape shape = input.value_or(TensorShape{});
  for (std::size_t i = 0; i < layers.size(); ++i) {
    auto spec = parse_layer(layers[i]);
    if (!spec) return LayerListProblem{i, spec.error().message};
    if (!input) continue;
    auto next = output_shape(*spec, shape);
    if (!next) return LayerListProblem{i, "'" + layers[i] + "': " + next.error().message};
    shape = *next;
  }
  return std::nullopt;
}

std::vector<LayerSpec> parse_layers(std::span<const std::string> layers) {
  std::vector<LayerSpec> out;
  for (const std::string& text : layers) {
    auto spec = parse_layer(text);
    if (!spec) throw std::invalid_argument("parse_layers: " + spec.error().message);
    out.push_back(*spec);
  }
  return out;
}

}  // namespace actsearch::trainer
