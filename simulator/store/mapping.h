// Internal: a whole file mapped read-only (POSIX mmap), unmapped when destroyed.
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>

namespace credlex::store {

class Mapping {
 public:
  // Null, with a plain reason in `error`, when the file cannot be opened or mapped.
  static std::unique_ptr<Mapping> open(const std::filesystem::path& path, std::string& error);
  ~Mapping();
  Mapping(const Mapping&) = delete;
  Mapping& operator=(const Mapping&) = delete;
  const char* data() const { return data_; }
  std::size_t size() const { return size_; }
  // Drops the pages of the map from this process's resident memory. Safe while other threads
  // read it: the map is a read-only view of a file, so a page read again comes back from the
  // page cache (or the disk) with the same bytes.
  void release() const;

 private:
  Mapping() = default;
  const char* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace credlex::store
