// A folder for one test process's files: `scratch(prefix, name)` is
// <temp>/credlex-<prefix>-<pid>/<name>, emptied before use. The per-process folders are removed
// when the process's test run ends (scratch.cpp), so repeated runs leave nothing in the temp
// folder; a failing test's files stay until then, for inspection while it runs.
#pragma once

#include <filesystem>
#include <string>

namespace credlex::testing {

std::filesystem::path scratch(const std::string& prefix, const std::string& name);

}  // namespace credlex::testing
