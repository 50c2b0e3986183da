#include "export/pipelined_writer.hpp"

#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace keyward::exports {
namespace {

// Big enough that handing a batch over costs nothing next to writing it, small enough that
// a few of them are a few hundred kilobytes.
constexpr std::size_t kBatchRows = 256;
constexpr std::size_t kQueuedBatches = 4;

// Rows handed over at once. The row vectors are kept when a batch is reused, so after the
// first few batches copying a row into a slot reuses its cells' storage.
struct Batch {
  std::vector<std::vector<Cell>> rows;
  std::size_t count = 0;
};

class PipelinedWriter final : public TableWriter {
 public:
  explicit PipelinedWriter(std::unique_ptr<TableWriter> writer)
      : writer_(std::move(writer)), thread_([this] { write_batches(); }) {}

  ~PipelinedWriter() override {
    // Not finished (an error on the reading side): the writer thread stops at the next
    // batch; the caller removes the incomplete file.
    close(/*abandon=*/true);
  }
  PipelinedWriter(const PipelinedWriter&) = delete;
  PipelinedWriter& operator=(const PipelinedWriter&) = delete;

  void write_row(const std::vector<Cell>& cells) override {
    if (filling_.rows.size() == filling_.count) filling_.rows.emplace_back();
    filling_.rows[filling_.count++] = cells;
    if (filling_.count == kBatchRows) hand_over();
  }

  void finish() override {
    hand_over();
    close(/*abandon=*/false);
    rethrow_failure();
    writer_->finish();  // every row is written and the thread is gone
  }

 private:
  // Queues the filled batch for the writer thread (waiting while the queue is full) and
  // starts filling a free one.
  void hand_over() {
    if (filling_.count == 0) return;
    std::unique_lock lock(mutex_);
    room_.wait(lock, [&] { return queued_.size() < kQueuedBatches || failure_; });
    if (failure_) std::rethrow_exception(failure_);
    queued_.push_back(std::move(filling_));
    filling_ = Batch{};
    if (!spare_.empty()) {
      filling_.rows = std::move(spare_.back());
      spare_.pop_back();
    }
    ready_.notify_one();
  }

  // The writer thread: writes queued batches in order until closed and drained.
  void write_batches() {
    for (;;) {
      Batch batch;
      {
        std::unique_lock lock(mutex_);
        ready_.wait(lock, [&] { return !queued_.empty() || closed_; });
        if (queued_.empty() || abandoned_) return;
        batch = std::move(queued_.front());
        queued_.pop_front();
      }
      room_.notify_one();
      try {
        for (std::size_t r = 0; r < batch.count; ++r) writer_->write_row(batch.rows[r]);
      } catch (...) {
        std::lock_guard lock(mutex_);
        failure_ = std::current_exception();
        room_.notify_all();
        return;
      }
      std::lock_guard lock(mutex_);
      spare_.push_back(std::move(batch.rows));
    }
  }

  void close(bool abandon) {
    {
      std::lock_guard lock(mutex_);
      closed_ = true;
      abandoned_ = abandoned_ || abandon;
    }
    ready_.notify_one();
    if (thread_.joinable()) thread_.join();
  }

  void rethrow_failure() {
    std::lock_guard lock(mutex_);
    if (failure_) std::rethrow_exception(failure_);
  }

  std::unique_ptr<TableWriter> writer_;
  Batch filling_;  // the reading side's only
  std::mutex mutex_;
  std::condition_variable ready_;  // a batch was queued, or closed
  std::condition_variable room_;   // a batch was taken, or the writer failed
  std::deque<Batch> queued_;
  std::vector<std::vector<std::vector<Cell>>> spare_;
  std::exception_ptr failure_;
  bool closed_ = false;
  bool abandoned_ = false;
  std::thread thread_;  // last: it starts when everything above exists
};

}  // namespace

std::unique_ptr<TableWriter> pipelined(std::unique_ptr<TableWriter> writer) {
  return std::make_unique<PipelinedWriter>(std::move(writer));
}

}  // namespace keyward::exports
