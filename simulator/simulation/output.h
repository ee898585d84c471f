// A results folder written so that a failed run never leaves a report that looks complete: every
// file is written under a temporary name in the folder and renamed into place only by commit(),
// in the order the files were opened (so the page a reviewer opens, opened last, appears last).
// The report files of an earlier run are removed first: after a failure the folder holds either
// nothing that looks like a report or an earlier run's timelines without their report.
#pragma once

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

namespace credlex::simulation {

class OutputFolder {
 public:
  // Creates `dir` when missing and removes the files named `stale` from it. False, with a plain
  // reason, when that cannot be done.
  bool open(const std::filesystem::path& dir, const std::vector<std::string>& stale, std::string& error);
  ~OutputFolder();

  // A stream for the file `name` of the folder, under its temporary name until commit().
  std::ostream& stream(const std::string& name);
  void write(const std::string& name, const std::string& text) { stream(name) << text; }

  // Closes every stream and renames each file into place. False, with the reason, when a write
  // failed (the disk is full, …): then nothing is renamed and the temporary files are removed.
  bool commit(std::string& error);
  std::filesystem::path path(const std::string& name) const { return dir_ / name; }

 private:
  struct File {
    std::string name;
    std::filesystem::path temp;
    std::ofstream stream;
  };
  std::filesystem::path dir_;
  std::vector<std::unique_ptr<File>> files_;
  bool committed_ = false;
};

}  // namespace credlex::simulation
