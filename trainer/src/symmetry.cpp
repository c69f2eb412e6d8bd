#include "trainer/symmetry.hpp"

#include "trainer/task_fields.hpp"

namespace actsearch::trainer {

// Every field is classified in its row of kTaskFields (a row cannot leave it out); a field that does not
// apply to the task's kinds does nothing to it.
expr::Reflections kept_reflections(const TaskSpec& task) {
  expr::Reflections kept;
  visit_task_fields(task, [&](const auto& field, const auto& value) {
    if (field.applies_to(task)) kept = kept & field.symmetry.kept(value);
  });
  return kept;
}

bool sign_symmetric(const TaskSpec& task) { return kept_reflections(task).all(); }

template <class T>
void reflect_parameters(std::span<const ParameterBlock> blocks, std::size_t num_hidden, expr::Reflection r,
                        std::span<T> params) {
  for (const ParameterBlock& b : blocks) {
    const bool hidden = b.layer < num_hidden;
    bool flip = false;
    if (expr::negates_output(r) && b.kind == BlockKind::Weight && b.layer > 0) flip = !flip;
    if (expr::negates_input(r) && hidden &&
        (b.kind == BlockKind::Weight || b.kind == BlockKind::Bias || b.kind == BlockKind::NormBias)) {
      flip = !flip;
    }
    if (!flip) continue;
    for (std::size_t i = 0; i < b.size; ++i) params[b.offset + i] = -params[b.offset + i];
  }
}

template void reflect_parameters<float>(std::span<const ParameterBlock>, std::size_t, expr::Reflection,
                                        std::span<float>);
template void reflect_parameters<double>(std::span<const ParameterBlock>, std::size_t, expr::Reflection,
                                         std::span<double>);

}  // namespace actsearch::trainer
