#include "common/hash.hpp"
#include "trainer/dataset.hpp"

namespace actsearch::trainer {
namespace {

struct Hasher {
  std::uint64_t h = hash::kFnv1aOffsetBasis;
  void bytes(const void* p, std::size_t n) { h = hash::fnv1a(std::string_view(static_cast<const char*>(p), n), h); }
  void number(std::uint64_t v) { bytes(&v, sizeof v); }
  void split(const Split& s) {
    number(s.size);
    number(s.features.size());
    bytes(s.features.data(), s.features.size() * sizeof(float));
    number(s.labels.size());
    bytes(s.labels.data(), s.labels.size() * sizeof(std::int32_t));
  }
};

}  // namespace

DataFingerprint fingerprint(const Dataset& data) {
  DataFingerprint out{.features = data.num_features, .classes = data.num_classes};
  Hasher whole;
  whole.number(data.num_features);
  whole.number(static_cast<std::uint64_t>(data.num_classes));
  for (const auto& [name, split] : {std::pair<const char*, const Split*>{"train", &data.train},
                                    {"validation", &data.validation},
                                    {"test", &data.test}}) {
    Hasher own;
    own.split(*split);
    whole.split(*split);
    out.splits.push_back({.split = name, .examples = split->size, .hash = hash::hex16(own.h)});
  }
  out.whole = hash::hex16(whole.h);
  return out;
}

}  // namespace actsearch::trainer
