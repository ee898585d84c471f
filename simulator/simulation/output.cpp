#include "simulator/simulation/output.h"

#include <unistd.h>

#include <system_error>

namespace credlex::simulation {

namespace fs = std::filesystem;

bool OutputFolder::open(const fs::path& dir, const std::vector<std::string>& stale, std::string& error) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec || !fs::is_directory(dir)) {
    error = "cannot create the folder `" + dir.string() + "`" + (ec ? ": " + ec.message() : std::string());
    return false;
  }
  // Temporary files of runs that were killed (a finished or failed run removes its own).
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    std::string n = e.path().filename().string();
    if (n.size() > 1 && n[0] == '.' && n.find(".partial-") != std::string::npos) fs::remove(e.path(), ec);
  }
  ec.clear();
  for (const auto& name : stale) {
    fs::remove(dir / name, ec);
    if (ec) {
      error = "cannot remove the earlier `" + (dir / name).string() + "`: " + ec.message();
      return false;
    }
  }
  dir_ = dir;
  return true;
}

OutputFolder::~OutputFolder() {
  if (committed_) return;
  for (auto& f : files_) {
    f->stream.close();
    std::error_code ec;
    fs::remove(f->temp, ec);
  }
}

std::ostream& OutputFolder::stream(const std::string& name) {
  for (auto& f : files_)
    if (f->name == name) return f->stream;
  auto f = std::make_unique<File>();
  f->name = name;
  f->temp = dir_ / ("." + name + ".partial-" + std::to_string(::getpid()));
  f->stream.open(f->temp, std::ios::binary | std::ios::trunc);
  files_.push_back(std::move(f));
  return files_.back()->stream;
}

bool OutputFolder::commit(std::string& error) {
  for (auto& f : files_) {
    f->stream.flush();
    bool good = f->stream.good();
    f->stream.close();
    if (!good || f->stream.fail()) {
      error = "cannot write `" + (dir_ / f->name).string() + "` (is the disk full?)";
      return false;
    }
  }
  for (auto& f : files_) {
    std::error_code ec;
    fs::rename(f->temp, dir_ / f->name, ec);
    if (ec) {
      error = "cannot put `" + (dir_ / f->name).string() + "` in place: " + ec.message();
      return false;
    }
  }
  committed_ = true;
  return true;
}

}  // namespace credlex::simulation
