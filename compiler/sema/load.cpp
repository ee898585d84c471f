// Loading a policy and the files it uses: each file once, `use` cycles reported with the circle.
#include <filesystem>

#include "compiler/sema/model.h"

namespace credlex::sema {
namespace {

namespace fs = std::filesystem;

class Loader {
 public:
  Loader(Program& program, diag::SourceManager& sources, diag::Sink& sink, const LoadOptions& options)
      : program_(program), sources_(sources), sink_(sink), options_(options) {}

  Module* load(const std::string& path, SourceRange use_site) {
    std::error_code ec;
    std::string key = fs::weakly_canonical(fs::path(path), ec).string();
    if (ec) key = path;
    if (auto it = by_key_.find(key); it != by_key_.end()) {
      auto on_stack = std::find(stack_.begin(), stack_.end(), it->second);
      if (on_stack != stack_.end()) {
        std::string circle;
        for (auto i = on_stack; i != stack_.end(); ++i) circle += "`" + (*i)->path + "` uses ";
        circle += "`" + it->second->path + "`";
        sink_.report<diag::kind::UseCycle>(use_site, circle);
        return nullptr;
      }
      return it->second;
    }
    std::string text, error;
    if (!options_.read_file(path, text, error)) {
      if (use_site.valid())
        sink_.report<diag::kind::UsedFileMissing>(use_site, path, error);
      else
        sink_.report<diag::kind::CannotReadFile>(SourceRange{}, path, error);
      return nullptr;
    }
    auto module = std::make_unique<Module>();
    Module* m = module.get();
    m->path = path;
    m->key = key;
    auto id = sources_.add(path, std::move(text));
    m->ast = syntax::parse(sources_, id, sink_, options_.parse);
    program_.modules.push_back(std::move(module));
    by_key_[key] = m;

    stack_.push_back(m);
    fs::path dir = fs::path(path).parent_path();
    for (const auto& use : m->ast.uses) {
      Module* used = load((dir / use.path).lexically_normal().string(), use.path_range);
      if (!used) {
        m->unreadable.insert(use.alias.text);  // names under this alias stay silent
        continue;
      }
      if (m->uses.count(use.alias.text)) {
        sink_.report<diag::kind::DuplicateName>(use.alias.range, use.alias.text);
        continue;
      }
      m->uses[use.alias.text] = used;
      m->use_order.push_back(used);
    }
    stack_.pop_back();
    return m;
  }

 private:
  Program& program_;
  diag::SourceManager& sources_;
  diag::Sink& sink_;
  const LoadOptions& options_;
  std::map<std::string, Module*> by_key_;
  std::vector<Module*> stack_;
};

}  // namespace

bool Program::syntax_ok() const {
  if (!root) return false;
  for (const auto& m : modules)
    if (!m->ast.syntax_ok) return false;
  return true;
}

Program load(const std::string& path, diag::SourceManager& sources, diag::Sink& sink,
             const LoadOptions& options) {
  Program program;
  program.root = Loader(program, sources, sink, options).load(path, SourceRange{});
  return program;
}

}  // namespace credlex::sema
