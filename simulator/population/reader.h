// Internal: the state of one read() — the policy's names as hash maps (so every lookup is O(1)
// and reading is linear in the input), the population being built, and where problems go.
// entities.cpp, relations.cpp and events.cpp each read one kind of file into it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "simulator/population/csv.h"
#include "simulator/population/hooks.h"
#include "simulator/population/population.h"

namespace credlex::population {

class Reader;

// One line being read. Problems found in it are reported through it; a row with a problem is
// left out (and counted once in rows_skipped).
class Row {
 public:
  Row(Reader& reader, const std::string& file, std::int64_t line, std::string_view text)
      : reader_(reader), file_(file), line_(line), text_(text) {}
  // At byte `offset` of the line (the column is computed only when the problem is stored).
  void problem(std::size_t offset, std::string reason);
  // About the line as a whole (no column).
  void problem(std::string reason);
  // Left out without a problem of its own (its file was already reported as unreadable).
  void skip() { bad_ = true; }
  bool bad() const { return bad_; }
  std::int64_t line() const { return line_; }
  const std::string& file() const { return file_; }
  std::string_view text() const { return text_; }
  std::int32_t column(std::size_t offset) const;

 private:
  Reader& reader_;
  const std::string& file_;
  std::int64_t line_;
  std::string_view text_;
  bool bad_ = false;
};

class Reader {
 public:
  Reader(const ir::Policy& policy, const std::filesystem::path& dir, const ReadOptions& options, Population& out,
         const Hooks& hooks);

  void problem(const std::string& file, std::int64_t line, std::int32_t column, std::string reason);
  bool storing() const { return out.problems.size() < options.max_problems; }

  // Calls on_line for every line of the file that is not empty, after checking it is UTF-8
  // without NUL bytes and not over kMaxLineBytes (a line that is not is reported and given to
  // on_line already bad, with empty text). on_line returns true for a data row (a header is
  // not): a bad data row is counted in rows_skipped. Empty lines are allowed only at the end.
  // A missing file is a problem only when `required`; returns false when the file is missing
  // or cannot be opened.
  bool for_each_line(const std::filesystem::path& path, bool required, const std::function<bool(Row&)>& on_line);

  // A CSV file: the first line is the header, given to on_header (which reports its own problems
  // and returns false if the file cannot be read; the file's rows are then counted as skipped).
  // Every other line is split and must have as many fields as the header. Returns true when the
  // header was read.
  bool for_each_csv_row(const std::filesystem::path& path, bool required,
                        const std::function<bool(Row&, const std::vector<csv::Field>&)>& on_header,
                        const std::function<void(Row&, const std::vector<csv::Field>&)>& on_row);

  // The history of the entity with this id, or nullopt after reporting why there is none.
  std::optional<std::size_t> entity(Row& row, std::size_t offset, std::string_view id, std::string_view role);

  const ir::Policy& policy;
  const ReadOptions& options;
  std::filesystem::path dir;
  Population& out;
  const Hooks& hooks;  // simulator/store's replacements (empty members: the reference behaviour)

  std::unordered_map<std::string, std::int32_t> kinds, relations, events;
  // Per event type: field name → slot.
  std::vector<std::unordered_map<std::string, std::int32_t>> fields;

  // Ids whose entities.csv row had a problem, with that line: a later reference to one of them
  // says so instead of "no such entity".
  std::unordered_map<std::string, std::int64_t> bad_entities;
  std::string entities_file;  // dir / entities.csv, as written in problems
};

// The three kinds of file, in the order read() reads them. read_entities returns false when the
// file cannot be read at all (missing, or a header that names no usable columns).
bool read_entities(Reader& reader);
void read_relations(Reader& reader);
void read_events(Reader& reader);

}  // namespace credlex::population
