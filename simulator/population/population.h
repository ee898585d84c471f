// Reading a population folder — what agencies export — into the reference interpreter's input:
// one ir::History per entity (attributes, relation spans, events sorted by date).
//
//   read(policy, dir) → Population { histories, index, problems }
//
// The folder holds entities.csv (required), relations.csv, events.jsonl and events/<type>.csv
// (all optional). Every malformed row is a Problem with file, line, column and a plain reason;
// nothing is dropped silently. README.md in this folder is the format as implemented, with every
// message.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "compiler/ir/interpret.h"
#include "compiler/ir/ir.h"

namespace credlex::population {

struct Problem {
  std::string file;         // the path as read: dir / "events.jsonl"
  std::int64_t line = 0;    // 1-based; 0 = the file as a whole (missing, unreadable)
  std::int32_t column = 0;  // 1-based, in characters; 0 = the line as a whole
  std::string reason;       // plain words, lowercase, names in backticks
};

// "dir/events.jsonl:12:34: reason"; without the column when it is 0, without the line when it is 0.
std::string to_string(const Problem& problem);

struct ReadOptions {
  // false: any problem rejects the population (histories, index and origins are left empty;
  // every problem is still reported). true: rows with a problem are left out and counted, the rest is kept.
  bool skip_bad = false;
  // Problems stored in Population::problems; later ones are only counted (more_problems).
  std::size_t max_problems = 200;
  // Fill Population::origins (one string per event: memory the simulator does not want).
  bool origins = false;
};

struct Population {
  std::vector<ir::History> histories;                  // in entities.csv order
  std::unordered_map<std::string, std::size_t> index;  // entity id → position in histories
  std::vector<Problem> problems;                       // in reading order, at most max_problems
  std::int64_t more_problems = 0;                      // problems beyond max_problems
  std::int64_t rows_skipped = 0;                       // rows with at least one problem (left out)
  // With ReadOptions::origins: parallel to histories and to each history's events, where each
  // event was read ("dir/events.jsonl:12", "dir/events/paid.csv:3"); otherwise empty.
  std::vector<std::vector<std::string>> origins;
  bool ok() const { return problems.empty() && more_problems == 0; }
};

// Reads the population in `dir` for `policy` (a lowered, checked policy). Never throws for bad
// input, never reads out of bounds; memory is bounded by the population plus one line
// (lines longer than kMaxLineBytes are reported, not read).
Population read(const ir::Policy& policy, const std::filesystem::path& dir, const ReadOptions& options = {});

// Every stored problem on its own line, then "and N more problems" when some were only counted.
std::string report(const Population& population);

// One CSV cell or JSON string/number as a value of `type`. On failure returns nullopt and sets
// `why` ("expected a date `YYYY-MM-DD`"). An Entity value is only checked to be a non-empty id
// (Value::entity() with `text` = id); whether that entity exists is the caller's check (read()
// does it). Text is taken as is (the caller has checked it is UTF-8).
std::optional<ir::Value> parse_value(std::string_view text, const ir::FieldType& type, const ir::Policy& policy,
                                     std::string& why);

// Longest line read; a longer line is one problem and is skipped without being held in memory.
inline constexpr std::size_t kMaxLineBytes = std::size_t{1} << 20;

}  // namespace credlex::population
