// read(): the folder, the order of the files, line handling shared by every file, and the final
// decision to keep or reject what was read.
#include <fmt/format.h>

#include <system_error>

#include "simulator/population/lines.h"
#include "simulator/population/reader.h"
#include "simulator/population/text.h"

namespace credlex::population {

namespace fs = std::filesystem;

std::string to_string(const Problem& p) {
  if (p.line <= 0) return fmt::format("{}: {}", p.file, p.reason);
  if (p.column <= 0) return fmt::format("{}:{}: {}", p.file, p.line, p.reason);
  return fmt::format("{}:{}:{}: {}", p.file, p.line, p.column, p.reason);
}

std::string report(const Population& population) {
  std::string out;
  for (const auto& p : population.problems) {
    out += to_string(p);
    out += '\n';
  }
  if (population.more_problems > 0)
    out += fmt::format("and {} more problem{}\n", population.more_problems, population.more_problems == 1 ? "" : "s");
  return out;
}

// ---------------------------------------------------------------------------------------------

std::int32_t Row::column(std::size_t offset) const { return text::column(text_, offset); }

void Row::problem(std::size_t offset, std::string reason) {
  bad_ = true;
  reader_.problem(file_, line_, reader_.storing() ? column(offset) : 0, std::move(reason));
}

void Row::problem(std::string reason) {
  bad_ = true;
  reader_.problem(file_, line_, 0, std::move(reason));
}

Reader::Reader(const ir::Policy& p, const fs::path& d, const ReadOptions& o, Population& population, const Hooks& h)
    : policy(p), options(o), dir(d), out(population), hooks(h), entities_file((d / "entities.csv").string()) {
  // emplace keeps the first of two equal names, as Policy::kind_index etc. do.
  for (std::size_t i = 0; i < p.kinds.size(); ++i) kinds.emplace(p.kinds[i].name, static_cast<std::int32_t>(i));
  for (std::size_t i = 0; i < p.relations.size(); ++i) relations.emplace(p.relations[i].name, static_cast<std::int32_t>(i));
  fields.resize(p.events.size());
  for (std::size_t i = 0; i < p.events.size(); ++i) {
    events.emplace(p.events[i].name, static_cast<std::int32_t>(i));
    for (std::size_t f = 0; f < p.events[i].fields.size(); ++f)
      fields[i].emplace(p.events[i].fields[f].name, static_cast<std::int32_t>(f));
  }
}

void Reader::problem(const std::string& file, std::int64_t line, std::int32_t column, std::string reason) {
  if (!storing()) {
    ++out.more_problems;
    return;
  }
  out.problems.push_back(Problem{file, line, column, std::move(reason)});
}

bool Reader::for_each_line(const fs::path& path, bool required, const std::function<bool(Row&)>& on_line) {
  const std::string file = path.string();
  std::error_code ec;
  bool exists = fs::exists(path, ec);
  if (ec) {  // not "no such file": e.g. a folder on the way that cannot be searched
    problem(file, 0, 0, "cannot read the file: " + ec.message());
    return false;
  }
  if (!exists) {
    if (required) problem(file, 0, 0, "the file does not exist");
    return false;
  }
  LineReader lines;
  std::string error;
  if (!lines.open(path, error)) {
    problem(file, 0, 0, error);
    return false;
  }
  // Empty lines are tolerated at the end of a file (many tools write one or more); anywhere else
  // a run of them is reported once, at its first line, when the next non-empty line shows up.
  std::int64_t blank_first = 0, blank_count = 0;
  for (;;) {
    std::string_view text;
    LineReader::Status status = lines.next(text);
    if (status == LineReader::Status::End) break;
    if (status == LineReader::Status::Failed) {
      problem(file, lines.line_number() + 1, 0, lines.error() + "; the rest of the file is not read");
      break;
    }
    if (status == LineReader::Status::Line && text.empty()) {
      if (blank_count++ == 0) blank_first = lines.line_number();
      continue;
    }
    if (blank_count > 0) {
      problem(file, blank_first, 0,
              blank_count == 1 ? std::string("empty line; empty lines are allowed only at the end of the file")
                               : fmt::format("{} empty lines; empty lines are allowed only at the end of the file", blank_count));
      blank_count = 0;
    }
    Row row(*this, file, lines.line_number(), status == LineReader::Status::Line ? text : std::string_view{});
    if (status == LineReader::Status::TooLong) {
      row.problem(fmt::format("the line is longer than {} bytes and is not read", kMaxLineBytes));
    } else if (std::size_t bad = text::invalid_utf8(text); bad != std::string_view::npos) {
      row.problem(bad, fmt::format("the text is not UTF-8 here (byte 0x{:02X})", static_cast<unsigned char>(text[bad])));
    } else if (std::size_t nul = text.find('\0'); nul != std::string_view::npos) {
      row.problem(nul, "a NUL byte; the line must be text");
    }
    bool is_row = on_line(row);
    if (is_row && row.bad()) ++out.rows_skipped;
  }
  return true;
}

bool Reader::for_each_csv_row(const fs::path& path, bool required,
                              const std::function<bool(Row&, const std::vector<csv::Field>&)>& on_header,
                              const std::function<void(Row&, const std::vector<csv::Field>&)>& on_row) {
  bool have_header = false, header_ok = false;
  std::size_t columns = 0;
  std::vector<csv::Field> fields;
  bool opened = for_each_line(path, required, [&](Row& row) {
    csv::Error error;
    if (!have_header) {
      have_header = true;
      if (row.bad()) return false;
      if (!csv::split(row.text(), fields, error)) {
        row.problem(error.offset, error.reason);
        return false;
      }
      columns = fields.size();
      header_ok = on_header(row, fields);
      return false;
    }
    if (!header_ok) {
      row.skip();
      return true;
    }
    if (row.bad()) return true;
    if (!csv::split(row.text(), fields, error)) {
      row.problem(error.offset, error.reason);
      return true;
    }
    if (fields.size() != columns) {
      row.problem(fmt::format("{} field{}, but the header has {} column{}", fields.size(), fields.size() == 1 ? "" : "s", columns,
                              columns == 1 ? "" : "s"));
      return true;
    }
    on_row(row, fields);
    return true;
  });
  if (opened && !have_header) problem(path.string(), 1, 0, "the file is empty; it needs at least its header line");
  return opened && header_ok;
}

std::optional<std::size_t> Reader::entity(Row& row, std::size_t offset, std::string_view id, std::string_view role) {
  if (id.empty()) {
    row.problem(offset, fmt::format("`{}` is empty; expected the id of an entity", role));
    return std::nullopt;
  }
  std::string key(id);
  if (auto it = out.index.find(key); it != out.index.end()) return it->second;
  if (auto bad = bad_entities.find(key); bad != bad_entities.end())
    row.problem(offset, fmt::format("the entity {} is left out: its row at entities.csv:{} has a problem", text::quote(id), bad->second));
  else
    row.problem(offset, fmt::format("there is no entity {} in entities.csv", text::quote(id)));
  return std::nullopt;
}

// ---------------------------------------------------------------------------------------------

Population read(const ir::Policy& policy, const fs::path& dir, const ReadOptions& options) { return read(policy, dir, options, Hooks{}); }

Population read(const ir::Policy& policy, const fs::path& dir, const ReadOptions& options, const Hooks& hooks) {
  Population out;
  Reader reader(policy, dir, options, out, hooks);
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    reader.problem(dir.string(), 0, 0, fs::exists(dir, ec) ? "this is not a folder; a population is a folder of files"
                                                            : "the population folder does not exist");
    return out;
  }
  // Without entities there is nothing to attach relations and events to: every row would only
  // repeat "no such entity", so the other files are not read.
  if (read_entities(reader)) {
    read_relations(reader);
    if (hooks.events_next) hooks.events_next(out);
    read_events(reader);
  }
  if (!options.skip_bad && !out.ok()) {  // the default: a population with problems is not used
    out.histories.clear();
    out.index.clear();
    out.origins.clear();
  }
  return out;
}

}  // namespace credlex::population
