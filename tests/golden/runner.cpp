// golden_runner: checks the golden cases of tests/golden (expected diagnostics written inside
// each case, see expectations.h), re-records them, and checks that every diagnostic code has one.
//
//   golden_runner DIR|FILE...              check every `.clx` at the top level of each DIR
//   golden_runner --update DIR|FILE...     re-record the expectations from what credlex reports
//   golden_runner --coverage DIR|FILE...   fail when a code of the registry has no expectation
//
// A case is checked as `credlex check` checks a file: load, then check when the syntax is
// right; the diagnostics are compared as multisets of (line, severity, code, message) in the
// case file and of (severity, code, message) elsewhere. Cases in a folder named `good` must
// produce nothing at all. Exit code: 0 all passed, 1 some failed, 2 bad command line.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "compiler/diag/diagnostics.h"
#include "compiler/diag/render.h"
#include "compiler/driver/driver.h"
#include "compiler/sema/model.h"
#include "tests/golden/expectations.h"

namespace credlex::golden {
namespace {

namespace fs = std::filesystem;

using ReadFn = std::function<bool(const std::string&, std::string&, std::string&)>;
using WriteFn = std::function<bool(const std::string&, const std::string&, std::string&)>;

struct Io {
  ReadFn read;
  WriteFn write;
};

// A diagnostic as the compiler reported it, with where it was for messages about it.
struct Actual {
  Expected key;
  std::string where;  // "line 4" or "support/a.clx:3" or "no location"
};

bool is_good_case(const fs::path& path) { return path.parent_path().filename() == "good"; }

// Checks `text` as the content of the case at `path`, like `credlex check` does, and returns
// every diagnostic once (the CLI drops repeats the same way).
std::vector<Actual> check_case(const fs::path& path, const std::string& text, const Directives& directives,
                               const Io& io) {
  const fs::path dir = path.parent_path();
  const std::string name = path.filename().string();
  diag::SourceManager sources;
  diag::Sink sink;
  sema::LoadOptions load;
  // Paths stay relative to the case's folder, so that messages naming files do not depend on
  // where the runner is started.
  load.read_file = [&](const std::string& p, std::string& out, std::string& error) {
    if (p == name) {
      out = text;
      return true;
    }
    fs::path file(p);
    return io.read(file.is_absolute() ? p : (dir / file).string(), out, error);
  };
  if (directives.max_file_bytes) load.parse.max_file_bytes = *directives.max_file_bytes;

  std::vector<std::string> roots{name};
  roots.insert(roots.end(), directives.also.begin(), directives.also.end());
  diag::FileId case_file = diag::kNoFile;
  for (std::size_t i = 0; i < roots.size(); ++i) {
    auto program = sema::load(roots[i], sources, sink, load);
    if (!program.root) continue;
    if (i == 0) case_file = program.root->ast.file;
    if (!program.syntax_ok()) continue;
    sema::check(std::move(program), sources, sink);
  }
  sink.sort();

  std::vector<Actual> out;
  for (const auto& d : diag::without_repeats(sink.diagnostics(), sources)) {
    Actual a;
    a.key.severity = std::string(diag::to_string(d.severity));
    a.key.code = std::string(d.code);
    a.key.message = d.message;
    if (!d.range.valid()) {
      a.where = "no location";
    } else {
      auto line = sources.file(d.range.file).line_column(d.range.begin).line;
      if (d.range.file == case_file) {
        a.key.line = line;
        a.where = fmt::format("line {}", line);
      } else {
        a.where = fmt::format("{}:{}", sources.file(d.range.file).path(), line);
      }
    }
    out.push_back(std::move(a));
  }
  return out;
}

// Checks that the registry knows each expected code with that severity.
void check_codes(const ParsedCase& parsed, std::vector<std::string>& problems) {
  for (std::size_t i = 0; i < parsed.expected.size(); ++i) {
    const Expected& e = parsed.expected[i];
    const auto* k = diag::find_kind(e.code);
    if (!k)
      problems.push_back(fmt::format("line {}: `{}` is not a diagnostic code of credlex", parsed.expected_at[i], e.code));
    else if (diag::to_string(k->severity) != e.severity)
      problems.push_back(fmt::format("line {}: {} is {} {}, not {} {}", parsed.expected_at[i], e.code,
                                     k->severity == diag::Severity::Error ? "an" : "a", diag::to_string(k->severity),
                                     e.severity == "error" ? "an" : "a", e.severity));
  }
}

// The differences between what a case expects and what credlex reported; empty when they agree.
std::vector<std::string> compare(const std::vector<Expected>& expected, const std::vector<Actual>& actual) {
  std::map<Expected, int> balance;
  for (const auto& e : expected) ++balance[e];
  for (const auto& a : actual) --balance[a.key];
  std::vector<std::string> out;
  for (const auto& e : expected) {
    auto it = balance.find(e);
    if (it->second <= 0) continue;
    --it->second;
    out.push_back(fmt::format("missing:    {}: {}", e.line ? fmt::format("line {}", *e.line) : "other file",
                              describe(e)));
  }
  for (const auto& a : actual) {
    auto it = balance.find(a.key);
    if (it->second >= 0) continue;
    ++it->second;
    out.push_back(fmt::format("unexpected: {}: {}", a.key.line ? a.where : "other file (" + a.where + ")",
                              describe(a.key)));
  }
  return out;
}

std::vector<Expected> keys(const std::vector<Actual>& actual) {
  std::vector<Expected> out;
  for (const auto& a : actual) out.push_back(a.key);
  return out;
}

// Runs one case; returns the problems (empty: passed).
std::vector<std::string> run_case(const fs::path& path, const std::string& text, const Io& io) {
  ParsedCase parsed = parse_case(text);
  std::vector<std::string> problems = parsed.directive_problems;
  problems.insert(problems.end(), parsed.problems.begin(), parsed.problems.end());
  check_codes(parsed, problems);
  if (is_good_case(path) && !parsed.expected.empty())
    problems.push_back("a case in good/ must not expect diagnostics");
  if (!problems.empty()) return problems;
  try {
    return compare(parsed.expected, check_case(path, text, parsed.directives, io));
  } catch (const std::exception& e) {
    return {fmt::format("credlex failed on this case: {}", e.what())};
  }
}

// Re-records one case; returns the problems (empty: recorded, or already up to date).
std::vector<std::string> update_case(const fs::path& path, const std::string& text, const Io& io, bool& changed) {
  changed = false;
  ParsedCase parsed = parse_case(text);
  // Bad expectations are about to be replaced, but bad directives are not.
  std::vector<std::string> problems = parsed.directive_problems;
  if (!problems.empty()) return problems;
  std::string stripped = strip_expectations(text);
  std::vector<Actual> actual;
  try {
    actual = check_case(path, stripped, parsed.directives, io);
  } catch (const std::exception& e) {
    return {fmt::format("credlex failed on this case: {}", e.what())};
  }
  if (is_good_case(path) && !actual.empty()) {
    problems.push_back("a case in good/ must produce no diagnostics; not recorded:");
    for (const auto& a : actual) problems.push_back(fmt::format("  {}: {}", a.where, describe(a.key)));
    return problems;
  }
  for (const auto& a : actual)
    if (a.key.message.find_first_of("\r\n") != std::string::npos)
      problems.push_back(fmt::format("{}: a message over several lines cannot be recorded: {}", a.where, describe(a.key)));
  if (!problems.empty()) return problems;

  std::string recorded = insert_expectations(stripped, keys(actual));
  // The recorded case must pass as it is; otherwise the file is left alone.
  if (auto check = run_case(path, recorded, io); !check.empty()) {
    problems.push_back("the re-recorded case would not pass; file left unchanged:");
    for (auto& p : check) problems.push_back("  " + p);
    return problems;
  }
  if (recorded == text) return {};
  std::string error;
  if (!io.write(path.string(), recorded, error)) return {fmt::format("cannot write the case: {}", error)};
  changed = true;
  return {};
}

// The cases named by the arguments: `.clx` files at the top level of each folder, sorted, or
// the files themselves.
bool collect_cases(const std::vector<std::string>& args, std::vector<fs::path>& cases, std::ostream& err) {
  bool ok = true;
  for (const auto& arg : args) {
    std::error_code ec;
    if (fs::is_regular_file(arg, ec)) {
      cases.emplace_back(arg);
      continue;
    }
    if (!fs::is_directory(arg, ec)) {
      err << fmt::format("golden_runner: `{}` is neither a folder nor a file\n", arg);
      ok = false;
      continue;
    }
    std::vector<fs::path> found;
    for (const auto& entry : fs::directory_iterator(arg, ec))
      if (entry.is_regular_file() && entry.path().extension() == ".clx") found.push_back(entry.path());
    if (ec) {
      err << fmt::format("golden_runner: cannot list `{}`: {}\n", arg, ec.message());
      ok = false;
    }
    if (found.empty()) {
      err << fmt::format("golden_runner: `{}` holds no case\n", arg);
      ok = false;
    }
    std::sort(found.begin(), found.end());
    cases.insert(cases.end(), found.begin(), found.end());
  }
  return ok;
}

int coverage(const std::vector<fs::path>& cases, const Io& io, std::ostream& out) {
  std::set<std::string> covered;
  std::size_t unreadable = 0;
  for (const auto& path : cases) {
    std::string text, error;
    if (!io.read(path.string(), text, error)) {
      out << fmt::format("FAIL {}\n  cannot read the case: {}\n", path.string(), error);
      ++unreadable;
      continue;
    }
    for (const auto& e : parse_case(text).expected) covered.insert(e.code);
  }
  std::size_t passed = 0, failed = unreadable;
  std::vector<std::string> missing;
  for (const auto& k : diag::all_kinds()) {
    if (covered.count(std::string(k.code))) {
      ++passed;
    } else {
      ++failed;
      missing.push_back(fmt::format("{} ({})", k.code, k.name));
    }
  }
  if (!missing.empty()) {
    out << "FAIL coverage: these diagnostic codes appear in no expectation of any case:\n";
    for (const auto& m : missing) out << "  " << m << "\n";
  }
  out << fmt::format("coverage: {} of {} codes have a golden case\n", passed, diag::all_kinds().size());
  out << fmt::format("{} passed, {} failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}

constexpr const char* kUsage = R"(Usage: golden_runner [--update | --coverage] [-v] DIR|FILE...

  (no option)   check each case: its diagnostics must be exactly those written in it
  --update      re-record the expectation comments of each case from what credlex reports
  --coverage    fail when a diagnostic code appears in no expectation of the given cases
  -v            also list the cases that pass
)";

int run(const std::vector<std::string>& args, const Io& io, std::ostream& out, std::ostream& err) {
  enum class Mode { Check, Update, Coverage } mode = Mode::Check;
  bool verbose = false;
  std::vector<std::string> inputs;
  for (const auto& a : args) {
    if (a == "--update") mode = Mode::Update;
    else if (a == "--coverage") mode = Mode::Coverage;
    else if (a == "-v") verbose = true;
    else if (a == "-h" || a == "--help") {
      out << kUsage;
      return 0;
    } else if (a.starts_with("-")) {
      err << fmt::format("golden_runner: unknown option `{}`\n{}", a, kUsage);
      return 2;
    } else inputs.push_back(a);
  }
  if (inputs.empty()) {
    err << kUsage;
    return 2;
  }
  std::vector<fs::path> cases;
  bool listed = collect_cases(inputs, cases, err);
  if (mode == Mode::Coverage) {
    int rc = coverage(cases, io, out);
    return listed ? rc : 1;
  }
  std::size_t passed = 0, failed = listed ? 0 : 1;
  for (const auto& path : cases) {
    std::string text, error;
    std::vector<std::string> problems;
    bool changed = false;
    if (!io.read(path.string(), text, error)) problems.push_back(fmt::format("cannot read the case: {}", error));
    else if (mode == Mode::Update) problems = update_case(path, text, io, changed);
    else problems = run_case(path, text, io);
    if (problems.empty()) {
      ++passed;
      if (changed) out << fmt::format("updated {}\n", path.string());
      else if (verbose) out << fmt::format("ok {}\n", path.string());
      continue;
    }
    ++failed;
    out << fmt::format("FAIL {}\n", path.string());
    for (const auto& p : problems) out << "  " << p << "\n";
  }
  out << fmt::format("{} passed, {} failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}

}  // namespace
}  // namespace credlex::golden

int main(int argc, char** argv) {
  auto env = credlex::driver::system_env(std::cout, std::cerr);
  credlex::golden::Io io{env.read_file, env.write_file};
  std::vector<std::string> args(argv + 1, argv + argc);
  return credlex::golden::run(args, io, std::cout, std::cerr);
}
