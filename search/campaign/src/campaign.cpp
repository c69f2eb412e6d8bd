// The campaign: a recorder over the database, the candidate pipeline, the scheduler over the fidelity
// ladder and an executor that trains; see campaign.hpp for the flow.
#include "search/campaign/campaign.hpp"

#include <new>

#include "common/random.hpp"
#include "db/database.hpp"
#include "search/campaign/executor.hpp"
#include "search/campaign/recorder.hpp"
#include "search/campaign/src/candidate_pipeline.hpp"
#include "search/campaign/src/progress_tracker.hpp"
#include "search/campaign/src/scheduler.hpp"

namespace actsearch::search {

std::uint64_t evaluation_seed(std::uint64_t campaign_seed, int stage, int index) {
  // 53 bits: exact in JSON and in every SQLite client.
  const std::uint64_t key = random::splitmix64_mix(random::splitmix64_mix(campaign_seed ^ 0xca11'5eedULL) +
                                                   static_cast<std::uint64_t>(stage) * random::kGoldenGamma);
  return random::splitmix64_mix(key + static_cast<std::uint64_t>(index)) >> 11;
}

namespace {

// Out of memory anywhere in a campaign (the database layer, the loop, training) is an error for the
// caller: every finished evaluation is already committed, so the campaign resumes once memory is back.
Error out_of_memory(const std::filesystem::path& file) {
  return Error{"out of memory; the campaign stopped (finished evaluations are stored; run it again to resume)",
               Location{file.string(), 0, 0, {}}};
}

Expected<RunSummary> run_on(const CampaignConfig& config, db::Database database, Executor& executor,
                            const RunOptions& options);

}  // namespace

Expected<RunSummary> run_campaign(const CampaignConfig& config, const RunOptions& options) {
  try {
    const std::filesystem::path& file = options.database ? *options.database : config.database;
    auto database = db::Database::open(file, db::OpenMode::ReadWrite);
    if (!database) return fail(database.error());
    LocalExecutor executor(executor_settings(config), options.log);
    return run_on(config, std::move(*database), executor, options);
  } catch (const std::bad_alloc&) {
    return Unexpected{out_of_memory(options.database ? *options.database : config.database)};
  }
}

Expected<RunSummary> run_campaign(const CampaignConfig& config, db::Database database, Executor& executor,
                                  const RunOptions& options) {
  // Copied while memory lasts: the error names the file.
  std::filesystem::path file;
  try {
    file = database.path();
    return run_on(config, std::move(database), executor, options);
  } catch (const std::bad_alloc&) {
    return Unexpected{out_of_memory(file)};
  }
}

namespace {

Expected<RunSummary> run_on(const CampaignConfig& config, db::Database database, Executor& executor,
                            const RunOptions& options) {
  Recorder recorder(std::move(database), identity_of(config), options.log);
  ProgressTracker progress(progress_plan(config), options.on_progress);
  auto failed = [](const Error& e) -> Expected<RunSummary> { return Unexpected{e}; };
  auto data = executor.data_fingerprint();
  if (!data) return failed(data.error());
  if (auto ok = recorder.open(*data); !ok) return failed(ok.error());
  progress.plan(0);
  CandidatePipeline pipeline(admission_rules(config), recorder);
  Scheduler scheduler(config, pipeline, recorder, executor, progress, options.log);
  try {
    if (auto ok = scheduler.run(); !ok) return failed(ok.error());
  } catch (const StorageFailure& e) {
    return failed(Error{std::string("database write failed: ") + e.what()});
  }
  // Every trained candidate's likeness at what it learned, once its last stage is done.
  for (const auto& c : pipeline.candidates()) {
    if (c->rejected) continue;
    if (auto ok = recorder.store_learned_likeness(*c); !ok) return failed(ok.error());
  }
  if (auto ok = recorder.set_status(db::CampaignStatus::Done); !ok) return failed(ok.error());
  RunSummary summary;
  summary.campaign_id = recorder.campaign_id();
  summary.database = recorder.path();
  summary.resumed = recorder.resumed();
  summary.candidates = pipeline.counts().accepted;
  summary.rejected = pipeline.counts().rejected;
  summary.duplicates = pipeline.counts().duplicates;
  summary.equivalents = pipeline.counts().equivalents;
  summary.trainings_saved = summary.equivalents * config.fidelity.rungs.front().seeds;
  summary.evaluations_trained = scheduler.evaluations_trained();
  summary.evaluations_reused = scheduler.evaluations_reused();
  summary.seconds = progress.elapsed_seconds();
  summary.backend = scheduler.trained_any() ? executor.name() : "none (every result was already stored)";
  return summary;
}

}  // namespace

}  // namespace actsearch::search
