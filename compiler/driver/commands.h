// The subcommands. Private to the driver.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "compiler/diag/diagnostics.h"
#include "compiler/driver/driver.h"
#include "compiler/ir/calendar_file.h"
#include "compiler/ir/interpret.h"
#include "compiler/ir/ir.h"
#include "compiler/sema/model.h"

namespace credlex::driver {

struct CommandOptions {
  std::vector<std::string> files;
  std::string emit;        // check: tokens | ast | checked
  bool json = false;       // --error-format=json
  bool check = false;      // fmt --check
  bool to_stdout = false;  // fmt --stdout
  bool help = false;
};

// The value of the option FLAG at args[i]: `FLAG=VALUE`, or the next argument (then i moves on to
// it). False, with the reason printed for `credlex COMMAND`, when it is missing or empty, or when
// the option was given before as FLAG or as ALIAS, its other spelling.
bool option_value(const std::vector<std::string>& args, std::size_t& i, const std::string& flag, const char* command,
                  Env& env, std::string& out, const std::string& alias = "");

// A whole number written with digits only (no sign, no spaces) that fits in 64 bits.
bool whole_number(const std::string& text, std::uint64_t& out);

// `credlex simulate …` and `credlex diff …`: options, help and run (simulate_command.cpp).
int simulate_main(const std::vector<std::string>& args, Env& env);
int diff_main(const std::vector<std::string>& args, Env& env);

// Parses the options shared by subcommands; returns an exit code when the command must stop.
std::optional<int> parse_common(const std::vector<std::string>& args, CommandOptions& o, Env& env,
                                const char* command, std::initializer_list<std::string_view> flags);

struct TestOptions {
  std::vector<std::string> files;
  std::string junit;     // --junit FILE: also write a JUnit XML report there
  std::string calendar;  // --calendar FILE: holidays and make-up working days for working-day counts
  // --backend interp|jit|aot|all: which backends run the tests; each compiled backend must also
  // give the interpreter's timeline, item by item.
  std::string backend = "interp";
};

struct DecideOptions {
  std::string policy, population, entity, at;
  std::string calendar;  // --calendar FILE: holidays and make-up working days
  bool json = false;     // --format json
  bool explain = false;  // --explain: the derivation and the recourse
};

struct DifferentialOptions {
  std::vector<std::string> files;
  std::int64_t histories = 100000;  // --histories N, per policy
  std::uint64_t seed = 1;           // --seed S
  std::string calendar;             // --calendar FILE: every other history counts working days with it
  bool fast = true, optimized = true;  // --tier fast|o2|both
};

struct SchemaOptions {
  std::string policy;
  bool json = false;
};

struct BuildOptions {
  std::string policy;
  std::string emit;    // obj | shared
  std::string output;  // -o FILE
  std::string header;  // --header FILE: also write the C header
  std::string prefix;  // --prefix P: the symbols P_run, P_info, …; "": credlex_<policy name>
  std::string verify;  // --verify-artifact LIB: check LIB against the policy instead of building
};

int check_command(const CommandOptions& o, Env& env);
// Compiles a policy into an object file or a shared library (and its C header); exit 0 built, 1
// the policy has errors, 2 bad command line, unreadable policy or unwritable output. With
// --verify-artifact: exit 0 the library was built from the policy as it is, 1 it was not, 2 the
// library or the policy cannot be read.
int build_command(const BuildOptions& o, Env& env);
// Runs the `test` blocks of each file and of the files it uses; exit 0 all passed, 1 a test
// failed or a policy has errors, 2 bad command line or a file could not be read or written.
int test_command(const TestOptions& o, Env& env);
int fmt_command(const CommandOptions& o, Env& env);
// What holds for one entity on one date (and with --explain, why and how it can end); exit 0,
// 1 when the policy or the population has errors or the entity is unknown, 2 bad command line.
int decide_command(const DecideOptions& o, Env& env);
// The population a policy reads (kinds, relations, events and how their values are written) and
// what it produces; exit 0, 1 when the policy has errors, 2 bad command line.
int schema_command(const SchemaOptions& o, Env& env);
// Compares the interpreter with the compiled code on generated histories; exit 0 no difference,
// 1 a difference or a policy has errors, 2 bad command line, a file could not be read or no LLVM
// backend in this build, 3 the compilation failed.
int differential_command(const DifferentialOptions& o, Env& env);

// `credlex gen-population`: parses its own options (help text included); exit 0 written, 1 the
// policy has errors, 2 bad command line, unreadable policy or unwritable folder.
int gen_population(const std::vector<std::string>& args, Env& env);

// Prints the diagnostics (without repeats: a file used by several policies is checked once per
// policy) as text on stderr with a summary line, or as one JSON document on stdout.
void print_diagnostics(diag::Sink& sink, const diag::SourceManager& sources, const CommandOptions& o, Env& env,
                       std::size_t files);

// A policy loaded, checked and lowered for a command that runs it.
struct LoadedPolicy {
  diag::SourceManager sources;
  std::optional<sema::Model> model;
  ir::Policy policy;
};
// On errors prints them with "credlex COMMAND: the policy has errors, so CONSEQUENCE" and returns
// the exit code (1, or 2 when the file cannot be read); nothing when `out` is ready.
std::optional<int> load_policy(const std::string& path, const char* command, const char* consequence, Env& env, LoadedPolicy& out);

// --calendar FILE: reads it into `calendar` and points `run` at it (nothing to do for ""). Returns
// the exit code on a problem: 2 when the file cannot be read, 1 when lines of it are wrong (each
// printed as file:line: reason).
std::optional<int> load_calendar_option(const std::string& path, const char* command, const char* consequence, Env& env,
                                        ir::Calendar& calendar, ir::RunOptions& run);

}  // namespace credlex::driver
