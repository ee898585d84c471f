// The command line, driven in memory through driver::Env: exit codes, help, output formats,
// `fmt`, and that `fmt` keeps the meaning of every policy in the repository.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "../robustness/mini_json.h"
#include "compiler/diag/diagnostics.h"
#include "compiler/driver/driver.h"

using namespace credlex;

namespace {

// An in-memory file system; optionally falls through to the real one for reads.
struct Fs {
  std::map<std::string, std::string> files;
  std::map<std::string, std::string> unreadable;  // path → reason
  bool real_files = false;
  bool fail_writes = false;
  std::vector<std::string> writes;  // paths written, in order

  bool read(const std::string& path, std::string& text, std::string& error) {
    if (auto it = unreadable.find(path); it != unreadable.end()) {
      error = it->second;
      return false;
    }
    if (auto it = files.find(path); it != files.end()) {
      text = it->second;
      return true;
    }
    if (real_files) {
      std::ifstream in(path, std::ios::binary);
      if (in && !std::filesystem::is_directory(path)) {
        std::ostringstream buffer;
        buffer << in.rdbuf();
        text = buffer.str();
        return true;
      }
    }
    error = "No such file or directory";
    return false;
  }
  bool write(const std::string& path, const std::string& text, std::string& error) {
    if (fail_writes) {
      error = "Read-only file system";
      return false;
    }
    writes.push_back(path);
    files[path] = text;
    return true;
  }
};

struct Result {
  int code = -1;
  std::string out, err;
};

Result run(Fs& fs, std::vector<std::string> args) {
  std::ostringstream out, err;
  driver::Env env{out, err,
                  [&](const std::string& p, std::string& t, std::string& e) { return fs.read(p, t, e); },
                  [&](const std::string& p, const std::string& t, std::string& e) { return fs.write(p, t, e); }};
  Result r;
  r.code = driver::run(args, env);
  r.out = out.str();
  r.err = err.str();
  return r;
}

Result run(std::vector<std::string> args) {
  Fs fs;
  return run(fs, std::move(args));
}

bool contains(const std::string& s, std::string_view what) { return s.find(what) != std::string::npos; }

const char* kClean = R"(policy p "P" basic list
document law "Law" status verified
entity NaturalPerson { birth_date: date }
event unpaid for NaturalPerson { amount: money(CNY) }
list defaulters "Defaulters" of NaturalPerson {
  basis law art 1
  include on unpaid e when e.amount > 1000 CNY for 2 years
}
)";

// Valid, but not in the canonical layout (spacing, several clauses on one line).
const char* kMessy = R"(policy   p "P"    basic list
document law "Law"   status verified
entity NaturalPerson {   birth_date: date }
event unpaid for NaturalPerson { amount: money(CNY) }
list defaulters "Defaulters" of NaturalPerson { basis law art 1   include on unpaid e when e.amount > 1000 CNY for 2 years }
)";

// Two errors: an unknown document (4:9) and a list without kinds (3:6).
const char* kErrors = R"(policy p "P" basic list
event unpaid
list defaulters "Defaulters" {
  basis nothing art 1
  include on unpaid for 2 years
}
)";

Fs sample_fs() {
  Fs fs;
  fs.files["clean.clx"] = kClean;
  fs.files["messy.clx"] = kMessy;
  fs.files["errors.clx"] = kErrors;
  fs.files["syntax.clx"] = "policy p \"P\"\nparam x = = 1\n";
  fs.unreadable["locked.clx"] = "Permission denied";
  return fs;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Exit codes

TEST_CASE("exit codes of check", "[driver][exit]") {
  Fs fs = sample_fs();
  SECTION("no errors: 0") {
    auto r = run(fs, {"check", "clean.clx"});
    CHECK(r.code == driver::kOk);
    CHECK(r.out.empty());
    CHECK(contains(r.err, "0 errors"));
  }
  SECTION("errors in the policy: 1, every error reported") {
    auto r = run(fs, {"check", "errors.clx"});
    CHECK(r.code == driver::kPolicyErrors);
    CHECK(contains(r.err, "errors.clx:4:9: error[E0301]"));
    CHECK(contains(r.err, "errors.clx:3:6: error[E0506]"));
    CHECK(contains(r.err, "2 errors"));
  }
  SECTION("syntax errors: 1") { CHECK(run(fs, {"check", "syntax.clx"}).code == driver::kPolicyErrors); }
  SECTION("a missing file: 2, with its name and the reason") {
    auto r = run(fs, {"check", "missing.clx"});
    CHECK(r.code == driver::kUsage);
    CHECK(contains(r.err, "E0101"));
    CHECK(contains(r.err, "`missing.clx`"));
    CHECK(contains(r.err, "No such file or directory"));
  }
  SECTION("an unreadable file: 2") {
    auto r = run(fs, {"check", "locked.clx"});
    CHECK(r.code == driver::kUsage);
    CHECK(contains(r.err, "Permission denied"));
  }
  SECTION("an unreadable file wins over errors in another: 2, and the other is still checked") {
    auto r = run(fs, {"check", "errors.clx", "missing.clx"});
    CHECK(r.code == driver::kUsage);
    CHECK(contains(r.err, "E0301"));
    CHECK(contains(r.err, "2 files"));
  }
  SECTION("several clean files: 0") { CHECK(run(fs, {"check", "clean.clx", "messy.clx"}).code == driver::kOk); }
}

TEST_CASE("exit codes of the command line itself", "[driver][exit]") {
  CHECK(run({}).code == driver::kUsage);
  CHECK(run({"frobnicate"}).code == driver::kUsage);
  CHECK(contains(run({"frobnicate"}).err, "`frobnicate`"));
  CHECK(run({"check"}).code == driver::kUsage);  // no files
  CHECK(run({"fmt"}).code == driver::kUsage);
  CHECK(run({"check", "--bogus", "x.clx"}).code == driver::kUsage);
  CHECK(contains(run({"check", "--bogus", "x.clx"}).err, "`--bogus`"));
  CHECK(run({"check", "--emit=bytecode", "x.clx"}).code == driver::kUsage);
  CHECK(run({"check", "--error-format=xml", "x.clx"}).code == driver::kUsage);
  CHECK(run({"fmt", "--emit=ast", "x.clx"}).code == driver::kUsage);  // fmt has no --emit
  CHECK(run({"check", "--check", "x.clx"}).code == driver::kUsage);   // nor check a --check
  auto v = run({"version"});
  CHECK(v.code == driver::kOk);
  CHECK(v.out.rfind("credlex ", 0) == 0);
}

TEST_CASE("explain", "[driver][explain]") {
  for (const auto& k : diag::all_kinds()) {
    auto r = run({"explain", std::string(k.code)});
    INFO(k.code);
    CHECK(r.code == driver::kOk);
    CHECK(contains(r.out, k.code));
    CHECK(contains(r.out, k.format));
    CHECK(contains(r.out, diag::to_string(k.severity)));
  }
  auto bad = run({"explain", "E9999"});
  CHECK(bad.code == driver::kUsage);
  CHECK(contains(bad.err, "`E9999`"));
  CHECK(run({"explain"}).code == driver::kUsage);
  CHECK(run({"explain", "E0101", "E0102"}).code == driver::kUsage);
}

// ---------------------------------------------------------------------------------------------
// Help

TEST_CASE("help on every subcommand (--help)", "[driver][help]") {
  for (auto args : std::vector<std::vector<std::string>>{{"--help"}, {"-h"}, {"help"}}) {
    auto r = run(args);
    INFO(args[0]);
    CHECK(r.code == driver::kOk);
    for (auto command : {"check", "fmt", "explain"}) CHECK(contains(r.out, command));
    CHECK(contains(r.out, "Exit codes"));
  }
  auto check_help = run({"check", "--help"});
  CHECK(check_help.code == driver::kOk);
  CHECK(contains(check_help.out, "Usage: credlex check"));
  for (auto option : {"--error-format", "--emit", "tokens", "ast", "checked", "ir"}) CHECK(contains(check_help.out, option));
  CHECK(run({"check", "-h"}).out == check_help.out);
  CHECK(run({"check", "x.clx", "--help"}).out == check_help.out);  // help wins over files
  CHECK(run({"help", "check"}).out == check_help.out);

  auto fmt_help = run({"fmt", "--help"});
  CHECK(fmt_help.code == driver::kOk);
  CHECK(contains(fmt_help.out, "Usage: credlex fmt"));
  for (auto option : {"--check", "--stdout", "--error-format"}) CHECK(contains(fmt_help.out, option));
  CHECK(run({"help", "fmt"}).out == fmt_help.out);

  auto explain_help = run({"explain", "--help"});
  CHECK(explain_help.code == driver::kOk);
  CHECK(contains(explain_help.out, "Usage: credlex explain"));
  CHECK(run({"help", "explain"}).out == explain_help.out);

  CHECK(run({"version", "--help"}).code == driver::kOk);
}

TEST_CASE("help about help", "[driver][help]") {
  auto main_help = run({"--help"}).out;
  auto r = run({"help", "--help"});
  CHECK(r.code == driver::kOk);
  CHECK(r.out == main_help);
  auto h = run({"help", "help"});
  CHECK(h.code == driver::kOk);
  CHECK(h.out == main_help);
  CHECK(run({"help", "nosuch"}).code == driver::kUsage);
}

// ---------------------------------------------------------------------------------------------
// Output formats

TEST_CASE("json errors (--error-format=json): one document on standard output", "[driver][json]") {
  Fs fs = sample_fs();
  auto r = run(fs, {"check", "--error-format=json", "errors.clx"});
  CHECK(r.code == driver::kPolicyErrors);
  CHECK(r.err.empty());
  mini_json::Value v;
  REQUIRE_NOTHROW(v = mini_json::parse(r.out));
  CHECK(v["errors"].number == 2);
  CHECK(v["warnings"].number == 0);
  const auto& ds = v["diagnostics"].array;
  REQUIRE(ds.size() == 2);
  std::set<std::string> codes;
  for (const auto& d : ds) {
    codes.insert(d["code"].string);
    CHECK(d["file"].string == "errors.clx");
    CHECK(d["severity"].string == "error");
    CHECK(d["line"].number >= 1);
    CHECK(d["column"].number >= 1);
  }
  CHECK(codes == std::set<std::string>{"E0301", "E0506"});
  // In source order: the list's name (line 3) before the basis (line 4).
  CHECK(ds[0]["line"].number == 3);
  CHECK(ds[1]["line"].number == 4);
  CHECK(ds[1]["column"].number == 9);
  CHECK(ds[1]["end_column"].number == 16);  // `nothing`

  auto clean = run(fs, {"check", "--error-format=json", "clean.clx"});
  CHECK(clean.code == driver::kOk);
  auto c = mini_json::parse(clean.out);
  CHECK(c["diagnostics"].array.empty());
  CHECK(c["errors"].number == 0);

  auto missing = run(fs, {"check", "--error-format=json", "missing.clx"});
  CHECK(missing.code == driver::kUsage);
  auto m = mini_json::parse(missing.out);
  REQUIRE(m["diagnostics"].array.size() == 1);
  CHECK(m["diagnostics"][0]["code"].string == "E0101");
  CHECK(m["diagnostics"][0]["file"].is_null());

  auto syntax = run(fs, {"fmt", "--error-format=json", "syntax.clx"});
  CHECK(syntax.code == driver::kPolicyErrors);
  auto s = mini_json::parse(syntax.out);
  REQUIRE(s["diagnostics"].array.size() == 1);
  CHECK(s["diagnostics"][0]["code"].string == "E0201");
  CHECK(s["diagnostics"][0]["line"].number == 2);
}

TEST_CASE("a file used by several policies reports its errors once", "[driver]") {
  Fs fs;
  fs.files["shared.clx"] = "policy s \"S\"\nparam x = nothing\n";
  fs.files["a.clx"] = "policy a \"A\"\nuse \"shared.clx\" as s\n";
  fs.files["b.clx"] = "policy b \"B\"\nuse \"shared.clx\" as s\n";
  auto r = run(fs, {"check", "a.clx", "b.clx"});
  CHECK(r.code == driver::kPolicyErrors);
  std::size_t n = 0;
  for (auto at = r.err.find("error[E0301]"); at != std::string::npos; at = r.err.find("error[E0301]", at + 1)) ++n;
  CHECK(n == 1);
  CHECK(contains(r.err, "2 files: 1 error"));
}

TEST_CASE("emitting tokens (--emit=tokens)", "[driver][emit]") {
  Fs fs = sample_fs();
  auto r = run(fs, {"check", "--emit=tokens", "clean.clx"});
  CHECK(r.code == driver::kOk);
  std::istringstream lines(r.out);
  std::string line;
  std::vector<std::string> all;
  std::regex shape(R"(clean\.clx:[0-9]+:[0-9]+ [A-Z_]+ ".*")");
  while (std::getline(lines, line)) {
    INFO(line);
    CHECK(std::regex_match(line, shape));
    all.push_back(line);
  }
  REQUIRE(all.size() > 10);
  CHECK(all[0] == "clean.clx:1:1 POLICY \"policy\"");
  CHECK(all[1] == "clean.clx:1:8 ID \"p\"");
  CHECK(all[2] == "clean.clx:1:10 STRING \"\\\"P\\\"\"");  // the token's text, quoted as JSON
  CHECK(std::count_if(all.begin(), all.end(), [](const std::string& l) { return contains(l, " MONEY \"1000 CNY\""); }) == 1);
}

TEST_CASE("emitting the AST and the checked model (--emit=ast, --emit=checked)", "[driver][emit]") {
  Fs fs = sample_fs();
  auto ast = run(fs, {"check", "--emit=ast", "clean.clx"});
  CHECK(ast.code == driver::kOk);
  CHECK(contains(ast.out, "defaulters"));
  CHECK(contains(ast.out, "unpaid"));
  // The AST is printed even when the check then finds errors.
  auto ast_errors = run(fs, {"check", "--emit=ast", "errors.clx"});
  CHECK(ast_errors.code == driver::kPolicyErrors);
  CHECK(contains(ast_errors.out, "defaulters"));

  auto checked = run(fs, {"check", "--emit=checked", "clean.clx"});
  CHECK(checked.code == driver::kOk);
  CHECK(contains(checked.out, "defaulters"));
  // Without locations: the same meaning in another layout prints the same.
  auto messy = run(fs, {"check", "--emit=checked", "messy.clx"});
  CHECK(messy.out == checked.out);
  // Nothing for a program with errors.
  auto errors = run(fs, {"check", "--emit=checked", "errors.clx"});
  CHECK(errors.code == driver::kPolicyErrors);
  CHECK(errors.out.empty());
}

TEST_CASE("emitting the IR (--emit=ir)", "[driver][emit]") {
  Fs fs = sample_fs();
  auto ir = run(fs, {"check", "--emit=ir", "clean.clx"});
  CHECK(ir.code == driver::kOk);
  CHECK(contains(ir.out, "defaulters"));
  // The IR does not depend on the layout of the source either.
  CHECK(run(fs, {"check", "--emit=ir", "messy.clx"}).out == ir.out);
  auto errors = run(fs, {"check", "--emit=ir", "errors.clx"});
  CHECK(errors.code == driver::kPolicyErrors);
  CHECK(errors.out.empty());
}

// ---------------------------------------------------------------------------------------------
// fmt

TEST_CASE("fmt --check: exit codes, and nothing is written", "[driver][fmt]") {
  Fs fs = sample_fs();
  auto messy = run(fs, {"fmt", "--check", "messy.clx"});
  CHECK(messy.code == driver::kPolicyErrors);
  CHECK(contains(messy.err, "messy.clx"));
  auto syntax = run(fs, {"fmt", "--check", "syntax.clx"});
  CHECK(syntax.code == driver::kPolicyErrors);
  auto missing = run(fs, {"fmt", "--check", "missing.clx"});
  CHECK(missing.code == driver::kUsage);
  CHECK(fs.writes.empty());
  // Once formatted, --check is content.
  auto out = run(fs, {"fmt", "--stdout", "messy.clx"});
  CHECK(out.code == driver::kOk);
  CHECK(fs.writes.empty());
  fs.files["formatted.clx"] = out.out;
  CHECK(run(fs, {"fmt", "--check", "formatted.clx"}).code == driver::kOk);
  CHECK(fs.writes.empty());
}

TEST_CASE("fmt writes a file only when its layout changes", "[driver][fmt]") {
  Fs fs = sample_fs();
  auto r = run(fs, {"fmt", "messy.clx"});
  CHECK(r.code == driver::kOk);
  REQUIRE(fs.writes == std::vector<std::string>{"messy.clx"});
  std::string formatted = fs.files["messy.clx"];
  CHECK(formatted != kMessy);
  CHECK(formatted.back() == '\n');
  // Formatting again changes nothing, so nothing is written.
  r = run(fs, {"fmt", "messy.clx"});
  CHECK(r.code == driver::kOk);
  CHECK(fs.writes.size() == 1);
  CHECK(fs.files["messy.clx"] == formatted);
  // And the result is what --stdout shows.
  CHECK(run(fs, {"fmt", "--stdout", "messy.clx"}).out == formatted);
  // A file with syntax errors is left alone.
  r = run(fs, {"fmt", "syntax.clx"});
  CHECK(r.code == driver::kPolicyErrors);
  CHECK(fs.writes.size() == 1);
  // A write that fails: 2.
  fs.fail_writes = true;
  fs.files["messy2.clx"] = kMessy;
  r = run(fs, {"fmt", "messy2.clx"});
  CHECK(r.code == driver::kUsage);
  CHECK(contains(r.err, "messy2.clx"));
  CHECK(contains(r.err, "Read-only file system"));
}

// Every policy of the repository and every good golden file: each checks cleanly; `fmt` formats
// it; the formatted program (with every used file formatted too) prints the same checked model;
// and formatting is stable.
TEST_CASE("fmt keeps the meaning of every policy and good golden file", "[driver][fmt][corpus]") {
  namespace fs = std::filesystem;
  std::vector<std::string> paths;
  for (const char* dir : {"/policies", "/tests/golden/good"}) {
    fs::path root = fs::path(CREDLEX_SOURCE_DIR + std::string(dir));
    if (!fs::exists(root)) {
      FAIL_CHECK("folder missing: " << root);  // not skipped silently
      continue;
    }
    for (const auto& e : fs::recursive_directory_iterator(root))
      if (e.is_regular_file() && e.path().extension() == ".clx" &&
          e.path().string().find("/policies/examples/") == std::string::npos)  // counter-examples: rejected on purpose
        paths.push_back(e.path().lexically_normal().string());
  }
  std::sort(paths.begin(), paths.end());
  REQUIRE(paths.size() >= 2);

  Fs real;
  real.real_files = true;
  std::map<std::string, std::string> before;
  for (const auto& p : paths) {
    auto r = run(real, {"check", "--emit=checked", p});
    INFO(p << ":\n" << r.err);
    if (r.code != driver::kOk) FAIL_CHECK(p << " does not check cleanly (exit " << r.code << ")");
    CHECK_FALSE(r.out.empty());
    before[p] = r.out;
  }

  // Format everything into memory; the real files are never written.
  Fs formatted;
  formatted.real_files = true;
  std::vector<std::string> args{"fmt"};
  args.insert(args.end(), paths.begin(), paths.end());
  auto fmt = run(formatted, args);
  INFO(fmt.err);
  REQUIRE(fmt.code == driver::kOk);
  std::set<std::string> written(formatted.writes.begin(), formatted.writes.end());
  CHECK(written.size() == formatted.writes.size());  // each file written at most once

  for (const auto& p : paths) {
    auto r = run(formatted, {"check", "--emit=checked", p});
    INFO(p << (written.count(p) ? " (reformatted)" : " (already canonical)") << ":\n" << r.err);
    CHECK(r.code == driver::kOk);
    CHECK(r.out == before[p]);
  }
  args[0] = "fmt";
  args.insert(args.begin() + 1, "--check");
  auto again = run(formatted, args);
  INFO(again.err);
  CHECK(again.code == driver::kOk);  // formatting twice changes nothing
}

TEST_CASE("emitting LLVM IR (--emit=llvm)", "[driver][emit][codegen]") {
  Fs fs = sample_fs();
  auto r = run(fs, {"check", "--emit=llvm", "clean.clx"});
#ifdef CREDLEX_HAVE_LLVM
  CHECK(r.code == driver::kOk);
  CHECK(contains(r.out, "define internal i32 @clx_expr_"));
  CHECK(contains(r.out, "define i32 @clx_run("));
  CHECK(contains(r.out, "%clx_value = type"));
#else
  CHECK(r.code == driver::kUsage);
  CHECK(contains(r.err, "--emit=llvm needs a build with the LLVM backend"));
#endif
}
