#include "app/checkin_batcher.hpp"

#include <chrono>

#include "app/actor.hpp"

namespace keyward::app {

CheckinBatcher::CheckinBatcher(store::Database& database, PolicyCache& policies,
                               std::size_t max_batch)
    : database_(database), policies_(policies), max_batch_(max_batch), writer_([this] { run(); }) {}

CheckinBatcher::~CheckinBatcher() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  writer_.join();
}

void CheckinBatcher::submit(CheckinRequest request, Completion done) {
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(Pending{std::move(request), std::move(done)});
  }
  wake_.notify_one();
}

void CheckinBatcher::run() {
  std::vector<Pending> batch;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and everything submitted is committed
      while (!queue_.empty() && batch.size() < max_batch_) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    commit(batch);
    batch.clear();
  }
}

std::vector<CheckinBatcher::Outcome> CheckinBatcher::process(std::vector<Pending>& batch) {
  const core::UnixTime at = now();
  auto connection = database_.acquire();
  const auto policy = policies_.get(*connection);
  if (policy != memo_policy_) {
    os_eol_memo_.clear();
    memo_policy_ = policy;
  }
  std::vector<const CheckinRequest*> requests;
  requests.reserve(batch.size());
  for (const Pending& pending : batch) requests.push_back(&pending.request);
  store::Transaction transaction(*connection);
  auto outcomes = process_checkins(*connection, *policy, requests, at, &os_eol_memo_);
  transaction.commit();
  return outcomes;
}

void CheckinBatcher::commit(std::vector<Pending>& batch) {
  std::vector<Outcome> outcomes;
  for (int attempt = 1; outcomes.empty(); ++attempt) {
    try {
      outcomes = process(batch);
    } catch (const store::DbError& error) {
      // Several servers on one PostgreSQL can deadlock on the same rows (host-name peers);
      // the loser's batch is rolled back whole and simply runs again a moment later.
      const bool transient = error.db_kind() == store::DbErrorKind::serialization;
      if (transient && attempt < kMaxAttempts) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5 * attempt));
        continue;
      }
      if (batch.size() > 1) return commit_one_by_one(batch);
      outcomes.assign(1, std::current_exception());
    } catch (...) {
      if (batch.size() > 1) return commit_one_by_one(batch);
      outcomes.assign(1, std::current_exception());
    }
  }
  for (std::size_t i = 0; i < batch.size(); ++i) batch[i].done(std::move(outcomes[i]));
}

void CheckinBatcher::commit_one_by_one(std::vector<Pending>& batch) {
  for (Pending& pending : batch) {
    std::vector<Pending> single;
    single.push_back(std::move(pending));
    commit(single);
  }
}

}  // namespace keyward::app
