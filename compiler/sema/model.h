// The semantic phase: parsed files → checked model.
//   load(root, …)  reads the root policy and every file it `use`s (transitively), once each;
//   check(program) resolves names, types every expression, checks legal bases, the dependency
//                  graph, refinements and the proportionality limits that need no data.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "compiler/diag/diagnostics.h"
#include "compiler/sema/types.h"
#include "compiler/syntax/ast.h"
#include "compiler/syntax/parse.h"

namespace credlex::sema {

// ---------------------------------------------------------------------------------------------
// Loading

struct Module;

// What a name in a module refers to.
struct Symbol {
  enum class Kind { Document, Entity, Enum, Event, Param, Condition, List, Measure, Grade, Limits } kind;
  const void* decl = nullptr;  // the syntax::…Decl; for Param the first version
  Module* module = nullptr;
  std::vector<const syntax::ParamDecl*> versions;  // Param only, in source order
  std::string name;
  SourceRange range;
};

const char* describe(Symbol::Kind kind);  // "a list", "a measure", …

struct Module {
  std::string path;     // as given to the loader (relative to the working directory or absolute)
  std::string key;      // canonical path: one Module per file
  syntax::File ast;
  std::map<std::string, Module*> uses;  // alias → module
  std::vector<Module*> use_order;       // the used modules in the order of their `use` lines
  std::set<std::string> unreadable;     // aliases whose file could not be read (already reported)
  std::map<std::string, Symbol> symbols;
  bool basic_list() const { return ast.header && ast.header->basic_list; }
  std::string policy_name() const { return ast.header ? ast.header->name.text : path; }
};

// Reads a file's text; returns false and sets `error` to a plain reason when it cannot.
using ReadFile = std::function<bool(const std::string& path, std::string& text, std::string& error)>;

struct LoadOptions {
  ReadFile read_file;
  syntax::ParseOptions parse;
};

struct Program {
  std::vector<std::unique_ptr<Module>> modules;  // the root first, then in order of first use
  Module* root = nullptr;
  bool syntax_ok() const;
};

// Loads `path` and everything it uses. Problems (missing files, use cycles, syntax errors) are
// reported; the program holds whatever could be read.
// What `alias.name` or `name` names in module `m`, or null (reports nothing).
const Symbol* resolve(const Module& m, const syntax::QualifiedName& q);

// The value of a parameter named by `e` (`name` or `alias.name`) when it has exactly one version,
// with the module that declares it in `owner`; null for anything else.
const syntax::Expr* single_version(const Module& m, const syntax::Expr& e, const Module** owner);

// A whole-number bound of `limits` folded before any data is seen: integers, `seriousness` (the
// rank given, nothing when none), parameters with one version, + - *; nothing on overflow or for
// anything else. The checker's static limits and the IR's limits (for the simulator) both use it,
// so the two can never read a bound differently.
std::optional<std::int64_t> fold_int(const syntax::Expr& e, const Module& m, std::optional<std::int64_t> seriousness,
                                     int depth = 0);

Program load(const std::string& path, diag::SourceManager& sources, diag::Sink& sink,
             const LoadOptions& options);

// ---------------------------------------------------------------------------------------------
// Checking

struct CheckOptions {
  bool check_tests = true;
};

// Facts derived for a measure, used by later phases and by `--emit=checked`.
struct MeasureFacts {
  const Symbol* refined = nullptr;          // the basic-list measure it refines
  std::vector<std::string> target_kinds;    // entity kinds it can apply to, sorted
  std::vector<std::string> trigger_events;  // events that can lead to it, qualified, sorted
  std::vector<std::string> seriousness;     // possible seriousness of that conduct
};

struct Model {
  Program program;
  std::unordered_map<const syntax::Expr*, Type> types;  // every checked expression
  std::map<const syntax::MeasureDecl*, MeasureFacts> measures;
  std::vector<std::string> seriousness_scale;  // lightest first, as in force for the root
};

Model check(Program program, diag::SourceManager& sources, diag::Sink& sink,
            const CheckOptions& options = {});

// A location-free, deterministic description of the checked model (`--emit=checked`): two
// sources with the same meaning print the same text.
std::string dump(const Model& model);

}  // namespace credlex::sema
