// The sign-reflection argument of trainer/symmetry.hpp for networks of model.layers.
//
// Give every tensor of N' (the network for psi = reflect(phi, r)) a sign relative to N's: the input +1.
// A convolution or dense layer can give its output either sign t (negate its weights when t times its
// input's sign is -1, its bias when t = -1); batch norm, layer norm, average and global pooling keep the
// sign (negating their bias with it); max pooling needs +1 (max(-u) = -min(u)); the activation needs
// its input's sign to be -1 exactly when r negates the input and gives -1 exactly when r negates the
// output; a residual sum needs both terms to have one sign (an identity shortcut carries the block's
// input sign); the classifier's output must be +1. A sign left free after a linear layer is chosen by
// the first layer that needs one. When every need can be met, the flips map N's parameters to N''s
// and the reflection trains alike; otherwise the reflection is broken.
#include <algorithm>
#include <optional>

#include "trainer/symmetry.hpp"
#include "trainer/task_fields.hpp"

namespace actsearch::trainer {
namespace {

// A negation of block (layer, kind) when the sign of its group times `factor` is -1.
struct Pending {
  std::size_t layer;
  BlockKind kind;
  int factor;
};

class SignTracker {
 public:
  // A fixed sign, or a group of linear outputs whose common sign is still free.
  struct Sign {
    int fixed = 1;  // when group < 0
    int group = -1;
  };

  explicit SignTracker(expr::Reflection r)
      : pre_(expr::negates_input(r) ? -1 : 1), post_(expr::negates_output(r) ? -1 : 1) {}

  bool broken() const { return broken_; }
  std::vector<std::pair<std::size_t, BlockKind>> flips() const { return flips_; }

  // The sign after a linear layer numbered `layer` reading `in`.
  Sign linear(std::size_t layer, Sign in, bool output_free = true) {
    const int s = fix(in, 1);
    if (!output_free) {
      if (s == -1) flips_.emplace_back(layer, BlockKind::Weight);
      return {};
    }
    groups_.push_back({{layer, BlockKind::Weight, s}, {layer, BlockKind::Bias, 1}});
    return {.group = static_cast<int>(groups_.size()) - 1};
  }
  // A sign-keeping layer with a bias (batch or layer norm).
  void norm(std::size_t layer, Sign in) {
    if (in.group >= 0) {
      groups_[static_cast<std::size_t>(in.group)].push_back({layer, BlockKind::NormBias, 1});
    } else if (in.fixed == -1) {
      flips_.emplace_back(layer, BlockKind::NormBias);
    }
  }
  Sign activation(Sign in) {
    need(in, pre_);
    return {.fixed = post_};
  }
  Sign max_pool(Sign in) {
    need(in, 1);
    return {.fixed = 1};
  }
  // The sign of a + b.
  Sign sum(Sign a, Sign b) {
    if (a.group >= 0 && b.group >= 0) {
      auto& into = groups_[static_cast<std::size_t>(a.group)];
      auto& from = groups_[static_cast<std::size_t>(b.group)];
      into.insert(into.end(), from.begin(), from.end());
      from.clear();
      return a;
    }
    if (a.group >= 0) std::swap(a, b);  // a fixed
    if (fix(b, a.fixed) != a.fixed) broken_ = true;
    return a;
  }
  int fix(Sign s, int wanted) {
    if (s.group < 0) return s.fixed;
    for (const Pending& p : groups_[static_cast<std::size_t>(s.group)]) {
      if (wanted * p.factor == -1) flips_.emplace_back(p.layer, p.kind);
    }
    groups_[static_cast<std::size_t>(s.group)].clear();
    return wanted;
  }

 private:
  void need(Sign s, int wanted) {
    if (fix(s, wanted) != wanted) broken_ = true;
  }

  int pre_, post_;
  bool broken_ = false;
  std::vector<std::vector<Pending>> groups_;
  std::vector<std::pair<std::size_t, BlockKind>> flips_;
};

}  // namespace

std::optional<std::vector<std::pair<std::size_t, BlockKind>>> network_flips(std::span<const LayerSpec> layers,
                                                                            std::optional<std::size_t> input_channels,
                                                                            expr::Reflection r) {
  SignTracker t(r);
  SignTracker::Sign sign;
  std::size_t layer = 0;  // ParameterBlock::layer of the next layer that owns parameters
  std::optional<std::size_t> channels = input_channels;
  for (const LayerSpec& l : layers) {
    switch (l.kind) {
      case LayerKind::Conv:
      case LayerKind::Dense:
        sign = t.linear(layer++, sign);
        channels = l.channels;
        break;
      case LayerKind::BatchNorm:
      case LayerKind::LayerNorm: t.norm(layer++, sign); break;
      case LayerKind::Activation:
        sign = t.activation(sign);
        ++layer;
        break;
      case LayerKind::MaxPool: sign = t.max_pool(sign); break;
      case LayerKind::AvgPool:
      case LayerKind::GlobalAvgPool: break;
      case LayerKind::Block: {
        // Unknown input channels (before any convolution): taken as an identity shortcut when the
        // stride is 1, which asks more of the signs than a projection does.
        const bool projection = l.stride != 1 || (channels && *channels != l.channels);
        const SignTracker::Sign x{.fixed = t.fix(sign, 1)};
        SignTracker::Sign main = t.linear(layer++, x);
        t.norm(layer++, main);
        main = t.activation(main);
        ++layer;
        main = t.linear(layer++, main);
        t.norm(layer++, main);
        SignTracker::Sign shortcut = x;
        if (projection) {
          shortcut = t.linear(layer++, x);
          t.norm(layer++, shortcut);
        }
        sign = t.activation(t.sum(main, shortcut));
        ++layer;
        channels = l.channels;
        break;
      }
    }
  }
  t.linear(layer, sign, /*output_free=*/false);  // the classifier: logits exactly N's
  if (t.broken()) return std::nullopt;
  return t.flips();
}

expr::Reflections reflections_kept_by_layers(const std::vector<std::string>& layers) {
  if (check_layers(layers)) return {};
  const std::vector<LayerSpec> parsed = parse_layers(layers);
  return expr::Reflections::where(
      [&](expr::Reflection r) { return network_flips(parsed, std::nullopt, r).has_value(); });
}

template <class T>
bool reflect_network_parameters(std::span<const ParameterBlock> blocks, std::span<const LayerSpec> layers,
                                std::size_t input_channels, expr::Reflection r, std::span<T> params) {
  const auto flips = network_flips(layers, input_channels, r);
  if (!flips) return false;
  for (const ParameterBlock& b : blocks) {
    if (std::find(flips->begin(), flips->end(), std::pair{b.layer, b.kind}) == flips->end()) continue;
    for (std::size_t i = 0; i < b.size; ++i) params[b.offset + i] = -params[b.offset + i];
  }
  return true;
}

template bool reflect_network_parameters<float>(std::span<const ParameterBlock>, std::span<const LayerSpec>,
                                                std::size_t, expr::Reflection, std::span<float>);
template bool reflect_network_parameters<double>(std::span<const ParameterBlock>, std::span<const LayerSpec>,
                                                 std::size_t, expr::Reflection, std::span<double>);

}  // namespace actsearch::trainer
