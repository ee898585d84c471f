// Test support: running the `credlex` command line in memory through driver::Env, on an in-memory
// file system or on the real one.
#pragma once

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/driver/driver.h"

namespace credlex::testing {

// A file's bytes ("" when it cannot be read).
inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

struct MemFs {
  std::map<std::string, std::string> files;
  bool fail_writes = false;
};

struct Outcome {
  int code = -1;
  std::string out, err;
};

inline Outcome run_env(driver::Env& env, std::ostringstream& out, std::ostringstream& err, const std::vector<std::string>& args) {
  Outcome r;
  r.code = driver::run(args, env);
  r.out = out.str();
  r.err = err.str();
  return r;
}

// Reads and writes only `fs` (a write fails with "Read-only file system" when fs.fail_writes).
inline Outcome run_cli(MemFs& fs, const std::vector<std::string>& args) {
  std::ostringstream out, err;
  driver::Env env{out, err,
                  [&](const std::string& p, std::string& t, std::string& e) {
                    auto it = fs.files.find(p);
                    if (it == fs.files.end()) {
                      e = "No such file or directory";
                      return false;
                    }
                    t = it->second;
                    return true;
                  },
                  [&](const std::string& p, const std::string& t, std::string& e) {
                    if (fs.fail_writes) {
                      e = "Read-only file system";
                      return false;
                    }
                    fs.files[p] = t;
                    return true;
                  }};
  return run_env(env, out, err, args);
}

// The real file system (writes are atomic, as in the shipped command).
inline Outcome run_system(const std::vector<std::string>& args) {
  std::ostringstream out, err;
  driver::Env env = driver::system_env(out, err);
  return run_env(env, out, err, args);
}

inline bool has(const std::string& s, std::string_view what) { return s.find(what) != std::string::npos; }

// `credlex check ex.clx` on `policy` with its first `from` replaced by `to`; code -2 when `from`
// is not in the policy (a test that edits nothing must not pass by accident).
inline Outcome check_edited(std::string policy, const std::string& from, const std::string& to) {
  auto at = policy.find(from);
  if (at == std::string::npos) return {-2, "", "the edit's text is not in the policy: " + from};
  policy.replace(at, from.size(), to);
  MemFs fs;
  fs.files["ex.clx"] = policy;
  return run_cli(fs, {"check", "ex.clx"});
}

}  // namespace credlex::testing
