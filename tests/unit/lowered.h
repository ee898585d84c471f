// Test support for the IR tests: policies given as in-memory files, checked (they must have no
// errors) and lowered to the IR.
#pragma once

#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <sstream>
#include <memory>
#include <string>

#include "compiler/ir/ir.h"
#include "compiler/sema/model.h"

namespace credlex::testing {

struct Lowered {
  diag::SourceManager sm;
  diag::Sink sink;
  sema::Model model;
  ir::Policy policy;
};

inline std::unique_ptr<Lowered> lower_files(const std::string& root, sema::ReadFile read) {
  auto out = std::make_unique<Lowered>();
  sema::LoadOptions options;
  options.read_file = std::move(read);
  auto program = sema::load(root, out->sm, out->sink, options);
  out->model = sema::check(std::move(program), out->sm, out->sink);
  std::string messages;
  for (const auto& d : out->sink.diagnostics()) messages += std::string(d.code) + " " + d.message + "\n";
  INFO(messages);
  REQUIRE_FALSE(out->sink.has_errors());
  out->policy = ir::lower(out->model);
  return out;
}

inline std::unique_ptr<Lowered> lower_files(const std::string& root, const std::map<std::string, std::string>& files) {
  return lower_files(root, [files](const std::string& path, std::string& text, std::string& error) {
    auto it = files.find(path);
    if (it == files.end()) {
      error = "no such file";
      return false;
    }
    text = it->second;
    return true;
  });
}

// A policy on disk (and the files it uses).
inline std::unique_ptr<Lowered> lower_path(const std::string& path) {
  return lower_files(path, [](const std::string& p, std::string& text, std::string& error) {
    std::ifstream in(p, std::ios::binary);
    if (!in) {
      error = "cannot open";
      return false;
    }
    std::ostringstream s;
    s << in.rdbuf();
    text = s.str();
    return true;
  });
}

}  // namespace credlex::testing
