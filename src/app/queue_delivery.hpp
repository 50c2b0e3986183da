#pragma once
// Delivering a leased queue (the mail outbox, webhook deliveries): a pass claims due rows (a
// lease in the row, store/leased_queue, so servers on one database never send a row at the
// same time), sends each outside any transaction and records the result: sent, or a failed
// attempt with the error and the next attempt after an exponential backoff; after
// `max_attempts` the row is given up as failed.
//
// The guarantee is at least once: a server that dies after the receiver accepted a row but
// before it recorded that leaves the lease to expire, and the row is sent again (with the same
// identity: Message-ID, webhook delivery id). Nothing is lost by a restart.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/actor.hpp"
#include "core/entities.hpp"
#include "store/database.hpp"

namespace keyward::app {

struct DeliverySettings {
  // Retry after base, 2 × base, 4 × base … up to max_backoff.
  std::chrono::milliseconds retry_base{std::chrono::minutes(1)};
  std::chrono::milliseconds max_backoff{std::chrono::hours(1)};
  std::int64_t max_attempts = 10;
  // Longer than one exchange may take (the transports' timeouts: 120 s at most), so a lease
  // only runs out when its server is gone; a pass hands back what it has not begun to send
  // after half of it.
  std::chrono::seconds lease{600};
  std::size_t batch = 20;
};

// How long to wait after the `attempts`-th failed attempt (1 for the first).
std::chrono::milliseconds retry_delay(const DeliverySettings& settings, std::int64_t attempts);

// What a queue's store offers (store::OutboxStore, store::WebhookDeliveryStore): claim_due,
// mark_sent, record_failure and release_claims of store::LeasedQueue, on items with `id` and
// `attempts`.
template <typename Store>
using QueueItem = typename decltype(std::declval<Store&>().claim_due(std::string(), 0, 0,
                                                                     std::size_t{}))::value_type;

namespace detail {
// Whole seconds, rounded up: the queues keep unix seconds, and a retry must not come early.
core::UnixTime retry_at(const DeliverySettings& settings, std::int64_t attempts);
void log_result(std::string_view what, core::Id id, std::int64_t attempts, bool give_up,
                const std::string& error, bool recorded);
bool lease_half_gone(const DeliverySettings& settings,
                     std::chrono::steady_clock::time_point claimed_at);
}  // namespace detail

template <typename Store>
void release_claims(store::Database& database, const std::string& worker) {
  auto connection = database.acquire();
  Store(*connection).release_claims(worker);
}

// Records the result of sending `item`. The write transaction queues on the engine's writer
// (SQLite: this process's write lock, woken as soon as it is free) rather than on SQLite's busy
// handler, which sleeps and polls for milliseconds at a time: under load that stretched the
// time between the receiver's acceptance and this record, the window in which a crash makes a
// copy, to tens of milliseconds.
template <typename Store, typename Item>
void record_result(store::Database& database, const DeliverySettings& settings,
                   const std::string& worker, std::string_view what, const Item& item,
                   const std::optional<std::string>& error) {
  auto connection = database.acquire();
  store::Transaction transaction(*connection);
  Store queue(*connection);
  if (!error) {
    const bool recorded = queue.mark_sent(item.id, worker, now());
    transaction.commit();
    if (!recorded) detail::log_result(what, item.id, item.attempts + 1, false, "", false);
    return;
  }
  const std::int64_t attempts = item.attempts + 1;
  const bool give_up = attempts >= settings.max_attempts;
  const bool recorded =
      queue.record_failure(item.id, worker, *error, detail::retry_at(settings, attempts), give_up);
  transaction.commit();
  detail::log_result(what, item.id, attempts, give_up, *error, recorded);
}

// One pass: claims up to settings.batch due items for `worker` and tries each once with
// `send` (nothing on success, else why not). Returns how many it claimed (0: nothing is due).
// Once `stopping` is set it sends nothing further and does not count an interrupted attempt;
// release_claims then hands the rest back.
template <typename Store, typename Send>
std::size_t deliver_due(store::Database& database, const DeliverySettings& settings,
                        const std::string& worker, const std::atomic<bool>& stopping,
                        std::string_view what, Send send) {
  const auto claimed_at = std::chrono::steady_clock::now();
  std::vector<QueueItem<Store>> items;
  {
    auto connection = database.acquire();
    store::Transaction transaction(*connection);
    const core::UnixTime at = now();
    items = Store(*connection).claim_due(worker, at, at + settings.lease.count(), settings.batch);
    transaction.commit();
  }
  for (const auto& item : items) {
    // Slow exchanges can use up the lease of the items further down the batch; another server
    // may take those once it runs out, so they are handed back while the lease still holds
    // instead of being sent by two servers.
    if (stopping || detail::lease_half_gone(settings, claimed_at)) {
      release_claims<Store>(database, worker);
      break;
    }
    const std::optional<std::string> error = send(item);
    if (error && stopping) break;
    record_result<Store>(database, settings, worker, what, item, error);
  }
  return items.size();
}

}  // namespace keyward::app
