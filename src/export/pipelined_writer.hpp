#pragma once
// Runs a TableWriter on a thread of its own, so that reading the rows (the database query,
// each device's status) and writing the file (XML, compression) overlap instead of taking
// turns: an export takes about as long as the slower of the two, not their sum. The rows go
// over in batches through a queue of a few batches; when the writer falls behind, the reader
// waits, so the memory stays that of a few batches, whatever the length of the table.

#include <memory>

#include "export/table.hpp"

namespace keyward::exports {

// `writer` from now on belongs to the returned writer's thread. An error of `writer` is
// thrown by the next write_row() or by finish(); finish() returns when the file is complete.
std::unique_ptr<TableWriter> pipelined(std::unique_ptr<TableWriter> writer);

}  // namespace keyward::exports
