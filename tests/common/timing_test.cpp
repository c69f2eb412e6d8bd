#include "common/timing.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <thread>

namespace actsearch::timing {
namespace {

TEST(Timing, DurationText) {
  EXPECT_EQ(format_duration(0), "0s");
  EXPECT_EQ(format_duration(0.4), "0s");
  EXPECT_EQ(format_duration(0.5), "1s");  // rounded half away from zero
  EXPECT_EQ(format_duration(59.4), "59s");
  EXPECT_EQ(format_duration(59.6), "1m00s");
  EXPECT_EQ(format_duration(185), "3m05s");
  EXPECT_EQ(format_duration(3599), "59m59s");
  EXPECT_EQ(format_duration(3600), "1h00m");
  EXPECT_EQ(format_duration(7625), "2h07m");  // hours drop the seconds
  EXPECT_EQ(format_duration(100 * 3600 + 61), "100h01m");
  EXPECT_EQ(format_duration(-1), "?");
  EXPECT_EQ(format_duration(std::nan("")), "?");
  EXPECT_EQ(format_duration(std::numeric_limits<double>::infinity()), "?");
}

TEST(Timing, StopwatchCountsUp) {
  Stopwatch clock;
  const double first = clock.seconds();
  EXPECT_GE(first, 0.0);
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  const double later = clock.seconds();
  EXPECT_GE(later, first + 0.015);
  EXPECT_LT(later, 60.0);
  clock.restart();
  EXPECT_LT(clock.seconds(), later);
}

}  // namespace
}  // namespace actsearch::timing
