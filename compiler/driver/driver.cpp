// Subcommand dispatch, options and help texts.
#include "compiler/driver/driver.h"

#include <fmt/format.h>

#include <map>
#include <ostream>

#include "compiler/diag/diagnostics.h"
#include "compiler/driver/commands.h"

namespace credlex::driver {
namespace {

constexpr const char* kMainHelp = R"(credlex: check and format punishment-measure and credit-restoration policies

Usage: credlex COMMAND [OPTIONS] FILES...

Commands:
  check FILES...    check policies: names, types, legal bases, refinements, limits
  fmt FILES...      rewrite policies in the canonical layout (keeps comments)
  test FILES...     run the `test` blocks of policies (and of the files they use)
  decide POLICY --population DIR --entity ID --at DATE [--explain]
                    what holds for one entity on one date: lists, measures, grades;
                    with --explain, why (event, rule, legal basis) and how each can end
  build POLICY --emit obj|shared -o OUT [--header FILE]
                    compile a policy ahead of time into an object file or a shared
                    library (and its C header) for an agency's own programs;
                    `build --verify-artifact LIB POLICY` checks which policy text a
                    library was built from
  schema POLICY     what a population must contain for a policy (kinds, relations, events,
                    how each value is written) and the lists, measures, grades it produces
  differential POLICY... [--histories N] [--seed S] [--calendar FILE] [--tier fast|o2|both]
                    run generated histories through the interpreter and the compiled
                    code and compare the results; a difference is shrunk to a small
                    history and printed as a `test` block
  gen-population POLICY --out DIR [--entities N] [--seed S] [--from DATE --to DATE]
                    write a seeded, realistic population for a policy (entities,
                    relations, events) as a folder `decide` and the simulator read
  simulate POLICY --population DIR --out DIR [--from DATE --to DATE] [--threads N]
                    replay a population through a policy and report excessive
                    punishment (findings, metrics, report.html for reviewers)
  diff OLD NEW --population DIR --out DIR
                    replay one population through two versions of a policy and report
                    every metric side by side and the entities whose outcome changed
  explain CODE      explain a diagnostic code, e.g. `credlex explain E0501`
  help [COMMAND]    show help for a command
  version           print the version

Exit codes:
  0  no errors
  1  the policies have errors, or `fmt --check` found files that are not formatted
  2  the command line is wrong, or a file could not be read or written
  3  credlex itself failed; please report it with the input that caused it

Run `credlex COMMAND --help` for the options of a command.
)";

constexpr const char* kTestHelp = R"(Usage: credlex test [OPTIONS] FILES...

Checks each policy, then runs every `test` block of it and of the files it uses through the
reference interpreter: one history per entity of the test, measures reaching related entities
over the test's relations, then each `expect` compared with the timeline on its date. A failure
is printed with the location of the expectation and what the entity actually was on that date
(memberships, measures, grades, each with its cause). The last line is `N passed, M failed`.

Options:
  --junit FILE     also write the results as a JUnit XML report to FILE (replaced atomically)
  --calendar FILE  count working days with this holiday calendar (holidays and make-up working
                   days, e.g. runtime/calendars/cn-2024-2026.txt); default: Monday to Friday
  --backend B      which backends run the tests: `interp` (the reference interpreter, the
                   default), `jit` (the policy compiled to native code in this process), `aot`
                   (compiled ahead of time to a shared library, as agencies deploy it) or `all`.
                   A compiled backend must pass the same expectations AND give exactly the
                   interpreter's timeline for every entity of every test (listings, extensions,
                   grades, measures, restoration decisions, their rules, dates and citations)
  -h, --help       show this help

Exit codes: 0 every test passed, 1 a test failed or a policy has errors,
2 the command line is wrong or a file could not be read or written.
)";

}  // namespace

// option_value (commands.h).
bool option_value(const std::vector<std::string>& args, std::size_t& i, const std::string& flag, const char* command,
                  Env& env, std::string& out, const std::string& alias) {
  const std::string& a = args[i];
  auto spelled = [&](const std::string& arg, const std::string& f) { return !f.empty() && (arg == f || arg.rfind(f + "=", 0) == 0); };
  for (std::size_t j = 0; j < i; ++j)
    if (spelled(args[j], flag) || spelled(args[j], alias)) {
      env.err << fmt::format("credlex {}: {}{} is given twice; give it once\n", command, flag, alias.empty() ? "" : " (" + alias + ")");
      return false;
    }
  if (a.rfind(flag + "=", 0) == 0) {
    out = a.substr(flag.size() + 1);
  } else if (i + 1 < args.size()) {
    out = args[++i];
  } else {
    out.clear();
  }
  if (out.empty()) {
    env.err << fmt::format("credlex {}: {} needs a value; see `credlex {} --help`\n", command, flag, command);
    return false;
  }
  return true;
}

bool whole_number(const std::string& text, std::uint64_t& out) {
  if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos) return false;
  try {
    out = std::stoull(text);
  } catch (const std::exception&) {
    return false;  // beyond 64 bits
  }
  return true;
}

namespace {

int test_options(const std::vector<std::string>& args, Env& env, TestOptions& o, bool& help) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const auto& a = args[i];
    if (a == "-h" || a == "--help") {
      help = true;
    } else if (a == "--junit" || a.rfind("--junit=", 0) == 0) {
      if (!option_value(args, i, "--junit", "test", env, o.junit)) return kUsage;
    } else if (a == "--calendar" || a.rfind("--calendar=", 0) == 0) {
      if (!option_value(args, i, "--calendar", "test", env, o.calendar)) return kUsage;
    } else if (a == "--backend" || a.rfind("--backend=", 0) == 0) {
      if (!option_value(args, i, "--backend", "test", env, o.backend)) return kUsage;
      if (o.backend != "interp" && o.backend != "jit" && o.backend != "aot" && o.backend != "all") {
        env.err << fmt::format("credlex test: --backend must be interp, jit, aot or all, not `{}`; see `credlex test --help`\n",
                               o.backend);
        return kUsage;
      }
    } else if (a.size() > 1 && a[0] == '-') {
      env.err << fmt::format("credlex test: unknown option `{}`; see `credlex test --help`\n", a);
      return kUsage;
    } else {
      o.files.push_back(a);
    }
  }
  if (!help && o.files.empty()) {
    env.err << "credlex test: no files given; see `credlex test --help`\n";
    return kUsage;
  }
  return kOk;
}

constexpr const char* kDecideHelp = R"(Usage: credlex decide POLICY --population DIR --entity ID --at DATE [OPTIONS]

Says what holds for one entity on one date under POLICY: the lists it is on, the measures it is
under and its grades. Only what happened up to and including DATE is used, as an authority
deciding on that day would know it. Measures reaching the entity from a related entity (a legal
representative of a listed company, for example) are included.

The population folder DIR holds entities.csv, relations.csv, events.jsonl and/or
events/<type>.csv (see docs/population.md; `credlex schema POLICY` lists what it must hold). Every malformed row is reported with its file and
line, and then nothing is decided.

Options:
  --population DIR     the population folder (required)
  --entity ID          the entity, by its id in entities.csv (required)
  --at DATE            the date, YYYY-MM-DD (required)
  --explain            also say why: for each list the event, the rule and its legal basis, and
                       the measures that follow; for each item how it can end, and the
                       earliest date it can (period end, removal, restoration)
  --calendar FILE      count working days with this holiday calendar (holidays and make-up
                       working days, e.g. runtime/calendars/cn-2024-2026.txt); default: Monday
                       to Friday
  --format text|json   text for people (default) or one JSON document for programs
  -h, --help           show this help

Exit codes: 0 decided, 1 the policy or the population has errors or the entity is unknown,
2 the command line is wrong or a file could not be read.
)";

int decide_options(const std::vector<std::string>& args, Env& env, DecideOptions& o, bool& help) {
  auto value = [&](std::size_t& i, const std::string& flag, std::string& out) {
    return option_value(args, i, flag, "decide", env, out);
  };
  std::string format = "text";
  for (std::size_t i = 0; i < args.size(); ++i) {
    const auto& a = args[i];
    auto is = [&](const char* flag) { return a == flag || a.rfind(std::string(flag) + "=", 0) == 0; };
    if (a == "-h" || a == "--help") {
      help = true;
    } else if (a == "--explain") {
      o.explain = true;
    } else if (is("--population")) {
      if (!value(i, "--population", o.population)) return kUsage;
    } else if (is("--entity")) {
      if (!value(i, "--entity", o.entity)) return kUsage;
    } else if (is("--at")) {
      if (!value(i, "--at", o.at)) return kUsage;
    } else if (is("--calendar")) {
      if (!value(i, "--calendar", o.calendar)) return kUsage;
    } else if (is("--format")) {
      if (!value(i, "--format", format)) return kUsage;
      if (format != "text" && format != "json") {
        env.err << fmt::format("credlex decide: --format must be `text` or `json`, not `{}`\n", format);
        return kUsage;
      }
      o.json = format == "json";
    } else if (a.size() > 1 && a[0] == '-') {
      env.err << fmt::format("credlex decide: unknown option `{}`; see `credlex decide --help`\n", a);
      return kUsage;
    } else if (o.policy.empty()) {
      o.policy = a;
    } else {
      env.err << fmt::format("credlex decide: one policy at a time; `{}` is a second one\n", a);
      return kUsage;
    }
  }
  if (help) return kOk;
  const char* missing = o.policy.empty() ? "a policy file" : o.population.empty() ? "--population DIR"
                        : o.entity.empty() ? "--entity ID" : o.at.empty() ? "--at DATE" : nullptr;
  if (missing) {
    env.err << fmt::format("credlex decide: {} is required; see `credlex decide --help`\n", missing);
    return kUsage;
  }
  return kOk;
}

constexpr const char* kSchemaHelp = R"(Usage: credlex schema POLICY [--format text|json]

Prints what a population folder must contain for POLICY: the kinds of entity and their attribute
columns (entities.csv), the relations (relations.csv), every event type with its fields and how
each value is written (events.jsonl or events/<type>.csv), and the lists, measures and grades the
policy produces. Agencies use it to prepare their exports.

Options:
  --format text|json   text for people (default) or one JSON document for programs
  -h, --help           show this help

Exit codes: 0 printed, 1 the policy has errors, 2 the command line is wrong or a file could not be read.
)";

int schema_options(const std::vector<std::string>& args, Env& env, SchemaOptions& o, bool& help) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const auto& a = args[i];
    if (a == "-h" || a == "--help") {
      help = true;
    } else if (a == "--format" || a.rfind("--format=", 0) == 0) {
      std::string v = a == "--format" ? (i + 1 < args.size() ? args[++i] : "") : a.substr(9);
      if (v != "text" && v != "json") {
        env.err << fmt::format("credlex schema: --format must be `text` or `json`, not `{}`\n", v);
        return kUsage;
      }
      o.json = v == "json";
    } else if (a.size() > 1 && a[0] == '-') {
      env.err << fmt::format("credlex schema: unknown option `{}`; see `credlex schema --help`\n", a);
      return kUsage;
    } else if (o.policy.empty()) {
      o.policy = a;
    } else {
      env.err << fmt::format("credlex schema: one policy at a time; `{}` is a second one\n", a);
      return kUsage;
    }
  }
  if (!help && o.policy.empty()) {
    env.err << "credlex schema: no policy given; see `credlex schema --help`\n";
    return kUsage;
  }
  return kOk;
}

constexpr const char* kBuildHelp = R"(Usage: credlex build POLICY --emit obj|shared -o OUT [--header FILE] [--prefix P]
       credlex build --verify-artifact LIB POLICY [--prefix P]

Compiles POLICY (and the files it uses) ahead of time, for agencies that run it inside their own
systems: into a shared library (`--emit shared`, linked by the C compiler `cc` found on PATH) or a
position-independent object file (`--emit obj`) to link into a program. The code runs on any
machine of the same architecture and system. With --header, also writes the C header to compile
against it: the data structures, the functions P_run, P_run_batch, P_timeline_free and P_info,
and the policy's kinds, events and their fields, lists, measures and grades as C constants.

The library records the policy's name, version and the SHA-256 of its files (P_info), so an
agency can show which approved text it runs. With --verify-artifact, credlex loads LIB, reads
these and compares them with POLICY as it is now, saying what matches and what does not. Only
shared libraries can be checked: object files cannot be loaded.

The SHA-256 of the main file is that of its bytes. The SHA-256 of all files covers the main
file and every file it uses: in the order of their paths relative to the main file's folder,
each as its path, a NUL byte, its length in bytes in decimal, a NUL byte, then its bytes.

Options:
  --emit obj|shared         what to write: an object file (.o) or a shared library (.so)
  -o, --output FILE         where to write it (replaced atomically; nothing is left behind
                            on failure)
  --header FILE             also write the C header (replaced atomically)
  --prefix P                the functions' prefix: P_run, P_info, ... (default
                            credlex_<policy name>); a C name
  --verify-artifact LIB     check the shared library LIB against POLICY instead of building
  -h, --help                show this help

Exit codes: building: 0 built, 1 the policy has errors, 2 the command line is wrong, a file
cannot be read or written, or the library cannot be linked. Checking: 0 the library matches the
policy, 1 it does not (or the policy has errors), 2 the library or the policy cannot be read.
)";

int build_options(const std::vector<std::string>& args, Env& env, BuildOptions& o, bool& help) {
  auto value = [&](std::size_t& i, const std::string& flag, std::string& out) {
    return option_value(args, i, flag, "build", env, out);
  };
  for (std::size_t i = 0; i < args.size(); ++i) {
    const auto& a = args[i];
    auto is = [&](const char* flag) { return a == flag || a.rfind(std::string(flag) + "=", 0) == 0; };
    if (a == "-h" || a == "--help") {
      help = true;
    } else if (is("--emit")) {
      if (!value(i, "--emit", o.emit)) return kUsage;
      if (o.emit != "obj" && o.emit != "shared") {
        env.err << fmt::format("credlex build: --emit must be `obj` or `shared`, not `{}`\n", o.emit);
        return kUsage;
      }
    } else if (a == "-o" || is("--output")) {
      bool short_form = a == "-o";
      if (!option_value(args, i, short_form ? "-o" : "--output", "build", env, o.output, short_form ? "--output" : "-o"))
        return kUsage;
    } else if (is("--header")) {
      if (!value(i, "--header", o.header)) return kUsage;
    } else if (is("--prefix")) {
      if (!value(i, "--prefix", o.prefix)) return kUsage;
    } else if (is("--verify-artifact")) {
      if (!value(i, "--verify-artifact", o.verify)) return kUsage;
    } else if (a.size() > 1 && a[0] == '-') {
      env.err << fmt::format("credlex build: unknown option `{}`; see `credlex build --help`\n", a);
      return kUsage;
    } else if (o.policy.empty()) {
      o.policy = a;
    } else {
      env.err << fmt::format("credlex build: one policy at a time; `{}` is a second one\n", a);
      return kUsage;
    }
  }
  if (help) return kOk;
  if (!o.verify.empty() && (!o.emit.empty() || !o.output.empty() || !o.header.empty())) {
    env.err << "credlex build: --verify-artifact checks a library and builds nothing, so it cannot be combined "
               "with --emit, -o or --header\n";
    return kUsage;
  }
  const char* missing = o.policy.empty() ? "a policy file"
                        : !o.verify.empty() ? nullptr
                        : o.emit.empty()    ? "--emit obj|shared"
                        : o.output.empty()  ? "-o FILE"
                                            : nullptr;
  if (missing) {
    env.err << fmt::format("credlex build: {} is required; see `credlex build --help`\n", missing);
    return kUsage;
  }
  return kOk;
}

constexpr const char* kDifferentialHelp = R"(Usage: credlex differential [OPTIONS] POLICY...

Tests the compiled code against the reference interpreter, which defines what a policy means.
For each policy, N histories are generated at random (an entity of a kind the policy knows, with
attributes and up to 12 events of the types that kind allows; awkward dates on purpose: month
ends, leap days, the same day twice, long gaps) and run through both. Their results must agree
item by item: every listing, extension, measure, grade and restoration decision, with its dates,
how it ended, the rule and event that caused it and the legal basis cited (only the parameter
values behind a cause are not compared), and a run that stops must stop at the same event.

One line per policy: histories run, items compared, runs that failed on both sides alike
(invalid input such as an amount that overflows), differences, time. For the first history on
which a tier differs, the difference is printed in words, then the history is made as small as
possible while the difference remains (events dropped, values simplified, dates moved closer)
and printed as a `test` block with the interpreter's results as expectations, to paste at the
end of the policy (it is checked with `credlex test` before it is printed).

Options:
  --histories N      histories per policy (default 100000)
  --seed S           the seed of the generator (default 1); the same seed gives the same
                     histories on every machine
  --calendar FILE    every other history counts working days with this holiday calendar (e.g.
                     runtime/calendars/cn-2024-2026.txt); default: Monday to Friday for all
  --tier fast|o2|both  which compiled code: fast (no optimisation), o2 (optimized) or both
                     (default)
  -h, --help         show this help

Exit codes: 0 no difference, 1 a difference or a policy has errors, 2 the command line is wrong,
a file could not be read, or this credlex was built without the LLVM backend, 3 a policy could
not be compiled (a bug in credlex).
)";

int differential_options(const std::vector<std::string>& args, Env& env, DifferentialOptions& o, bool& help) {
  auto value = [&](std::size_t& i, const std::string& flag, std::string& out) {
    return option_value(args, i, flag, "differential", env, out);
  };
  auto number = [&](const std::string& flag, const std::string& text, std::uint64_t& out) {
    std::size_t used = 0;
    try {
      if (!text.empty() && text[0] != '-') out = std::stoull(text, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == text.size() && used > 0) return true;
    env.err << fmt::format("credlex differential: {} needs a whole number, not `{}`\n", flag, text);
    return false;
  };
  for (std::size_t i = 0; i < args.size(); ++i) {
    const auto& a = args[i];
    auto is = [&](const char* flag) { return a == flag || a.rfind(std::string(flag) + "=", 0) == 0; };
    std::string v;
    if (a == "-h" || a == "--help") {
      help = true;
    } else if (is("--histories")) {
      std::uint64_t n = 0;
      if (!value(i, "--histories", v) || !number("--histories", v, n)) return kUsage;
      if (n > static_cast<std::uint64_t>(INT64_MAX)) n = INT64_MAX;
      o.histories = static_cast<std::int64_t>(n);
    } else if (is("--seed")) {
      if (!value(i, "--seed", v) || !number("--seed", v, o.seed)) return kUsage;
    } else if (is("--calendar")) {
      if (!value(i, "--calendar", o.calendar)) return kUsage;
    } else if (is("--tier")) {
      if (!value(i, "--tier", v)) return kUsage;
      if (v != "fast" && v != "o2" && v != "both") {
        env.err << fmt::format("credlex differential: --tier must be `fast`, `o2` or `both`, not `{}`\n", v);
        return kUsage;
      }
      o.fast = v != "o2";
      o.optimized = v != "fast";
    } else if (a.size() > 1 && a[0] == '-') {
      env.err << fmt::format("credlex differential: unknown option `{}`; see `credlex differential --help`\n", a);
      return kUsage;
    } else {
      o.files.push_back(a);
    }
  }
  if (!help && o.files.empty()) {
    env.err << "credlex differential: no policy given; see `credlex differential --help`\n";
    return kUsage;
  }
  return kOk;
}

constexpr const char* kCheckHelp = R"(Usage: credlex check [OPTIONS] FILES...

Checks each policy file and every file it uses: that names exist, that values have the right
types, that every list, measure, restoration rule, grade and limit cites a legal basis, that
local measures only narrow the national basic list, that rules do not depend on each other in
a circle, and the proportionality limits that can be decided without data.

Options:
  --error-format=text|json   how to print problems (default text, on standard error;
                             json goes to standard output as one document)
  --emit=tokens|ast|checked|ir|llvm  also print a stage of the compiler, for looking inside:
                             tokens (the words of the file), ast (its structure),
                             checked (the checked model, without locations),
                             ir (the policy as the reference interpreter runs it),
                             llvm (the LLVM IR of every rule condition, before the
                             runtime is linked in; builds without LLVM refuse it)
  -h, --help                 show this help

Exit codes: 0 no errors, 1 errors in the policies, 2 unreadable files or bad options.
)";

constexpr const char* kFmtHelp = R"(Usage: credlex fmt [OPTIONS] FILES...

Rewrites each file in the canonical layout: one clause per line, two-space indentation, one
blank line between declarations. Comments are kept. Formatting twice changes nothing.
Files are replaced atomically, and only when their layout changes.

Options:
  --check       change nothing; list the files that are not formatted and exit with 1
  --stdout      print the formatted text instead of writing the files
  --error-format=text|json   how to print syntax errors (default text)
  -h, --help    show this help

Exit codes: 0 all formatted, 1 syntax errors or (with --check) unformatted files,
2 unreadable or unwritable files or bad options.
)";

constexpr const char* kExplainHelp = R"(Usage: credlex explain CODE

Prints what a diagnostic code means: its severity and message, and where the style guide and
the language reference say more. CODE looks like E0501 or W0704.
)";

int explain(const std::vector<std::string>& args, Env& env) {
  if (args.size() != 1 || args[0] == "-h" || args[0] == "--help") {
    env.out << kExplainHelp;
    return args.size() == 1 ? kOk : kUsage;
  }
  const auto* k = diag::find_kind(args[0]);
  if (!k) {
    env.err << fmt::format("credlex: `{}` is not a diagnostic code; codes look like E0501\n", args[0]);
    return kUsage;
  }
  env.out << fmt::format("{} ({}, {})\n  message: {}\n  see docs/diagnostics.md for what to do about it\n", k->code,
                         diag::to_string(k->severity), k->name, k->format);
  return kOk;
}

}  // namespace

std::optional<int> parse_common(const std::vector<std::string>& args, CommandOptions& o, Env& env,
                                const char* command, std::initializer_list<std::string_view> flags) {
  for (const auto& a : args) {
    auto allowed = [&](std::string_view f) { return std::find(flags.begin(), flags.end(), f) != flags.end(); };
    if (a == "-h" || a == "--help") {
      o.help = true;
    } else if (a.rfind("--error-format=", 0) == 0) {
      std::string v = a.substr(15);
      if (v != "text" && v != "json") {
        env.err << fmt::format("credlex {}: --error-format must be `text` or `json`, not `{}`\n", command, v);
        return kUsage;
      }
      o.json = v == "json";
    } else if (a.rfind("--emit=", 0) == 0 && allowed("--emit")) {
      o.emit = a.substr(7);
      if (o.emit != "tokens" && o.emit != "ast" && o.emit != "checked" && o.emit != "ir" && o.emit != "llvm") {
        env.err << fmt::format("credlex {}: --emit must be `tokens`, `ast`, `checked`, `ir` or `llvm`, not `{}`\n", command, o.emit);
        return kUsage;
      }
    } else if (a == "--check" && allowed("--check")) {
      o.check = true;
    } else if (a == "--stdout" && allowed("--stdout")) {
      o.to_stdout = true;
    } else if (a.size() > 1 && a[0] == '-') {
      env.err << fmt::format("credlex {}: unknown option `{}`; see `credlex {} --help`\n", command, a, command);
      return kUsage;
    } else {
      o.files.push_back(a);
    }
  }
  if (o.json && !o.emit.empty()) {
    env.err << fmt::format("credlex {}: --emit prints text, so it cannot be combined with --error-format=json\n", command);
    return kUsage;
  }
  if (!o.help && o.files.empty()) {
    env.err << fmt::format("credlex {}: no files given; see `credlex {} --help`\n", command, command);
    return kUsage;
  }
  return std::nullopt;
}

int run(const std::vector<std::string>& args, Env& env) {
  if (args.empty() || args[0] == "-h" || args[0] == "--help" || (args[0] == "help" && args.size() == 1)) {
    env.out << kMainHelp;
    return args.empty() ? kUsage : kOk;
  }
  std::string command = args[0];
  std::vector<std::string> rest(args.begin() + 1, args.end());
  if (command == "help") {  // `credlex help COMMAND` is `credlex COMMAND --help`
    if (rest[0] == "help" || rest[0] == "-h" || rest[0] == "--help") {
      env.out << kMainHelp;
      return kOk;
    }
    command = rest[0];
    rest = {"--help"};
  }
  try {
    if (command == "version" || command == "--version") {
      if (!rest.empty() && (rest[0] == "-h" || rest[0] == "--help")) {
        env.out << "Usage: credlex version\n\nPrints the version of credlex.\n";
        return kOk;
      }
      env.out << "credlex 0.1.0\n";
      return kOk;
    }
    if (command == "explain") return explain(rest, env);
    if (command == "gen-population") return gen_population(rest, env);
    if (command == "check") {
      CommandOptions o;
      if (auto code = parse_common(rest, o, env, "check", {"--emit"})) return *code;
      if (o.help) {
        env.out << kCheckHelp;
        return kOk;
      }
      return check_command(o, env);
    }
    if (command == "fmt") {
      CommandOptions o;
      if (auto code = parse_common(rest, o, env, "fmt", {"--check", "--stdout"})) return *code;
      if (o.help) {
        env.out << kFmtHelp;
        return kOk;
      }
      return fmt_command(o, env);
    }
    if (command == "test") {
      TestOptions o;
      bool help = false;
      if (int code = test_options(rest, env, o, help); code != kOk) return code;
      if (help) {
        env.out << kTestHelp;
        return kOk;
      }
      return test_command(o, env);
    }
    if (command == "schema") {
      SchemaOptions o;
      bool help = false;
      if (int code = schema_options(rest, env, o, help); code != kOk) return code;
      if (help) {
        env.out << kSchemaHelp;
        return kOk;
      }
      return schema_command(o, env);
    }
    if (command == "build") {
      BuildOptions o;
      bool help = false;
      if (int code = build_options(rest, env, o, help); code != kOk) return code;
      if (help) {
        env.out << kBuildHelp;
        return kOk;
      }
      return build_command(o, env);
    }
    if (command == "differential") {
      DifferentialOptions o;
      bool help = false;
      if (int code = differential_options(rest, env, o, help); code != kOk) return code;
      if (help) {
        env.out << kDifferentialHelp;
        return kOk;
      }
      return differential_command(o, env);
    }
    if (command == "simulate") return simulate_main(rest, env);
    if (command == "diff") return diff_main(rest, env);
    if (command == "decide") {
      DecideOptions o;
      bool help = false;
      if (int code = decide_options(rest, env, o, help); code != kOk) return code;
      if (help) {
        env.out << kDecideHelp;
        return kOk;
      }
      return decide_command(o, env);
    }
    env.err << fmt::format("credlex: unknown command `{}`; see `credlex --help`\n", command);
    return kUsage;
  } catch (const std::exception& e) {
    env.err << fmt::format("credlex: internal error: {}\nplease report this with the file that caused it\n", e.what());
    return kInternal;
  }
}

}  // namespace credlex::driver
