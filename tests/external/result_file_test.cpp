#include "external/result_file.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace actsearch::external {
namespace {

using trainer::RunStatus;

TEST(ExternalResultFile, ReadsEveryField) {
  const auto r = read_result(R"({"val_accuracy": 0.8, "val_loss": 0.55, "train_loss": 0.6, "test_accuracy": 0.79,
      "test_loss": 0.57, "steps": 40, "epochs": [{"epoch": 1, "train_loss": 0.9, "val_loss": 0.7,
      "val_accuracy": 0.7, "seconds": 1.5}, {"val_loss": 0.55, "val_accuracy": 0.8}],
      "learned_params": [[1.5, 0.25], [1.25, 0.5]]})",
                             2);
  ASSERT_EQ(r.status, RunStatus::Ok) << r.message;
  EXPECT_DOUBLE_EQ(r.val_accuracy, 0.8);
  EXPECT_DOUBLE_EQ(r.val_loss, 0.55);
  EXPECT_DOUBLE_EQ(r.train_loss, 0.6);
  EXPECT_DOUBLE_EQ(r.test_accuracy, 0.79);
  EXPECT_DOUBLE_EQ(r.test_loss, 0.57);
  EXPECT_EQ(r.steps, 40);
  ASSERT_EQ(r.epochs.size(), 2u);
  EXPECT_EQ(r.epochs[0].epoch, 1);
  EXPECT_DOUBLE_EQ(r.epochs[0].seconds, 1.5);
  EXPECT_EQ(r.epochs[1].epoch, 2);
  EXPECT_TRUE(std::isnan(r.epochs[1].train_loss));
  EXPECT_EQ(r.learned_params, (std::vector<std::vector<double>>{{1.5, 0.25}, {1.25, 0.5}}));
}

TEST(ExternalResultFile, TheMinimumIsValidationAccuracyAndLoss) {
  const auto r = read_result(R"({"val_accuracy": 1, "val_loss": 0})", 0);
  ASSERT_EQ(r.status, RunStatus::Ok);
  EXPECT_TRUE(std::isnan(r.test_accuracy));
  EXPECT_TRUE(r.epochs.empty());
}

TEST(ExternalResultFile, NonFiniteMetricsAndTheDivergedFlagAreDivergence) {
  // Python's json.dump writes NaN and Infinity; a string holding the word stays a string.
  for (const char* text :
       {R"({"val_accuracy": NaN, "val_loss": 1.0})", R"({"val_accuracy": 0.5, "val_loss": Infinity})",
        R"({"val_accuracy": 0.5, "val_loss": -Infinity})", R"({"val_accuracy": null, "val_loss": 1})"}) {
    const auto r = read_result(text, 0);
    EXPECT_EQ(r.status, RunStatus::Diverged) << text;
    EXPECT_NE(r.message.find("non-finite"), std::string::npos) << r.message;
  }
  const auto flagged = read_result(
      R"({"diverged": true, "message": "loss NaN at step 3", "epochs": [{"val_loss": 2.0, "val_accuracy": 0.1}]})", 0);
  EXPECT_EQ(flagged.status, RunStatus::Diverged);
  EXPECT_EQ(flagged.message, "the script reported: loss NaN at step 3");
  EXPECT_EQ(flagged.epochs.size(), 1u);
  const auto in_string = read_result(R"({"val_accuracy": 0.5, "val_loss": 1, "message": "NaN Infinity"})", 0);
  EXPECT_EQ(in_string.status, RunStatus::Ok) << in_string.message;
}

TEST(ExternalResultFile, AnythingElseIsAFailureThatSaysWhy) {
  const std::pair<const char*, const char*> cases[] = {
      {"hello world", "not a JSON object: 'hello world'"},
      {"[1, 2]", "not a JSON object"},
      {"", "not a JSON object"},
      {R"({"val_accuracy": 0.5})", "no 'val_accuracy' and 'val_loss'"},
      {R"({"val_accuracy": "high", "val_loss": 1})", "'val_accuracy' is not a number"},
      {R"({"val_accuracy": 1.5, "val_loss": 1})", "not a fraction"},
      {R"({"val_accuracy": 0.5, "val_loss": 1, "epochs": 3})", "'epochs' is not a list"},
      {R"({"val_accuracy": 0.5, "val_loss": 1, "learned_params": [[1, 2]]})", "list of 1 number(s)"},
      {R"({"val_accuracy": 0.5, "val_loss": 1, "diverged": "no"})", "'diverged' is not true or false"},
  };
  for (const auto& [text, why] : cases) {
    const auto r = read_result(text, 1);
    EXPECT_EQ(r.status, RunStatus::Failed) << text;
    EXPECT_NE(r.message.find(why), std::string::npos) << text << " -> " << r.message;
    EXPECT_TRUE(std::isnan(r.val_accuracy));
  }
}

}  // namespace
}  // namespace actsearch::external
