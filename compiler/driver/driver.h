// The `credlex` command line. `main` only builds an Env and calls run(), so tests can drive
// every subcommand in memory.
#pragma once

#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

namespace credlex::driver {

// Exit codes, documented in `credlex --help` and docs/cli.md.
enum ExitCode : int {
  kOk = 0,            // everything checked, no errors
  kPolicyErrors = 1,  // the policies have errors (or `fmt --check` found files to reformat)
  kUsage = 2,         // bad command line, or a file could not be read or written
  kInternal = 3,      // a bug in credlex: please report it
};

struct Env {
  std::ostream& out;
  std::ostream& err;
  // Reads a whole file; false with a plain reason when it cannot.
  std::function<bool(const std::string& path, std::string& text, std::string& error)> read_file;
  // Replaces a file's content atomically; false with a plain reason when it cannot.
  std::function<bool(const std::string& path, const std::string& text, std::string& error)> write_file;
  // `err` is a terminal: long runs draw a progress bar there instead of printing plain lines.
  bool terminal = false;
};

// Reads and writes the real file system; writes go to a temporary file renamed into place.
Env system_env(std::ostream& out, std::ostream& err);

int run(const std::vector<std::string>& args, Env& env);

}  // namespace credlex::driver
