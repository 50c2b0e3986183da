#include "store/sqlite/sqlite_checkpointer.hpp"

#include <spdlog/spdlog.h>

namespace keyward::store {

SqliteCheckpointer::SqliteCheckpointer(std::string path, std::mutex& write_lock)
    : path_(std::move(path)), write_lock_(write_lock), thread_([this] { run(); }) {}

SqliteCheckpointer::~SqliteCheckpointer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void SqliteCheckpointer::attach(sqlite3* db) { sqlite3_wal_hook(db, &on_commit, this); }

int SqliteCheckpointer::on_commit(void* checkpointer, sqlite3*, const char*, int pages) {
  if (pages < kPages) return SQLITE_OK;
  auto& self = *static_cast<SqliteCheckpointer*>(checkpointer);
  {
    std::lock_guard lock(self.mutex_);
    self.due_ = true;
  }
  self.wake_.notify_one();
  return SQLITE_OK;
}

void SqliteCheckpointer::run() {
  sqlite3* db = nullptr;
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return due_ || stopping_; });
    if (stopping_) break;
    due_ = false;
    lock.unlock();
    if (open(db)) {
      copy_until_few_left(db);
      std::lock_guard writers(write_lock_);
      copy(db);
    }
    lock.lock();
  }
  sqlite3_close(db);
}

bool SqliteCheckpointer::open(sqlite3*& db) {
  if (db != nullptr) return true;
  // A new connection only knows the file is in WAL mode once it has read it: until then a
  // checkpoint does nothing.
  if (sqlite3_open_v2(path_.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) ==
          SQLITE_OK &&
      sqlite3_exec(db, "PRAGMA journal_mode", nullptr, nullptr, nullptr) == SQLITE_OK) {
    return true;
  }
  spdlog::warn("checkpoint of {} skipped: {}", path_, sqlite3_errmsg(db));
  sqlite3_close(db);
  db = nullptr;
  return false;
}

void SqliteCheckpointer::copy_until_few_left(sqlite3* db) {
  for (int pass = 0; pass < kBackgroundPasses; ++pass) {
    if (copy(db) <= kLockedPages) return;
  }
}

int SqliteCheckpointer::copy(sqlite3* db) {
  int pages = 0;
  int copied = 0;
  const int rc = sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_PASSIVE, &pages, &copied);
  if (rc != SQLITE_OK) {
    if (rc != SQLITE_BUSY) spdlog::warn("checkpoint of {} failed: {}", path_, sqlite3_errmsg(db));
    return 0;
  }
  return pages - copied;
}

}  // namespace keyward::store
