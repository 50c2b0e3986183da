#pragma once
// Copies SQLite's write-ahead log back into the database file on a thread of its own. SQLite
// does it by default inside the commit that takes the log past 1,000 pages: under a steady
// stream of check-ins that stalled the check-in writer many times a second, for the copy and
// two fsyncs. Durability stays the same: commits write the log, checkpoints sync it first.
//
// SQLite starts the log over only when a write transaction begins with every page of it
// copied, which a busy writer never lets a background copy achieve: the log would grow
// without bound. So after copying in the background, the last few pages are copied holding
// the process's write lock (see SqliteConnection::begin), which keeps the log's size bounded
// at the price of a short pause of the writers once per cycle.

#include <sqlite3.h>

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace keyward::store {

class SqliteCheckpointer {
 public:
  // `write_lock` is the one every write transaction of the process holds.
  SqliteCheckpointer(std::string path, std::mutex& write_lock);
  // Stops the thread; SQLite checkpoints what is left when the last connection closes.
  ~SqliteCheckpointer();
  SqliteCheckpointer(const SqliteCheckpointer&) = delete;
  SqliteCheckpointer& operator=(const SqliteCheckpointer&) = delete;

  // Replaces the automatic checkpoints of `db` (a connection to the same file) by requests
  // to this thread; `db` must not outlive the checkpointer.
  void attach(sqlite3* db);

 private:
  // The log size (in pages) from which a checkpoint runs, as SQLite's default.
  static constexpr int kPages = 1000;
  // Background copies run until at most this many pages are left for the locked one.
  static constexpr int kLockedPages = 200;
  static constexpr int kBackgroundPasses = 8;

  static int on_commit(void* checkpointer, sqlite3* db, const char* schema, int pages);
  void run();
  // Opens the thread's own connection when needed; false when the file cannot be opened.
  bool open(sqlite3*& db);
  // Background passes until few pages are left, or a few passes against a writer that
  // appends faster than they copy.
  void copy_until_few_left(sqlite3* db);
  // One PASSIVE checkpoint (it copies what no reader still needs and never waits); the number
  // of pages left uncopied.
  int copy(sqlite3* db);

  std::string path_;
  std::mutex& write_lock_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool due_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace keyward::store
