// Internal: the temporary files of an ingest — a folder next to the cache that is removed with
// everything in it however the ingest ends, and buffered append-only section files.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

namespace credlex::store {

class TempFolder {
 public:
  // Next to `cache` (same file system, so the final rename is atomic). False with `error`.
  bool create(const std::filesystem::path& cache, std::string& error);
  ~TempFolder();
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// A file written front to back through its own buffer (the writer puts many 4- to 32-byte values:
// a memcpy each, not a locked stdio call each). Errors are sticky: check failed() once at the end
// (a full disk is reported, not ignored).
class OutFile {
 public:
  OutFile() = default;
  OutFile(const OutFile&) = delete;
  OutFile& operator=(const OutFile&) = delete;
  ~OutFile();
  bool open(const std::filesystem::path& path, std::size_t buffer = std::size_t{1} << 16);
  void write(const void* data, std::size_t n) {
    if (n <= buffer_.size() - used_) {
      std::memcpy(buffer_.data() + used_, data, n);
      used_ += n;
      size_ += n;
    } else {
      write_through(data, n);
    }
  }
  template <class T> void put(const T& value) { write(&value, sizeof value); }
  void pad8();  // zeros up to the next multiple of 8
  std::uint64_t size() const { return size_; }
  // Flushes and closes; false (with error()) if anything failed since open().
  bool close();
  bool failed() const { return failed_; }
  const std::string& error() const { return error_; }
  const std::filesystem::path& path() const { return path_; }

 private:
  bool flush();
  void write_through(const void* data, std::size_t n);

  std::FILE* f_ = nullptr;
  std::vector<char> buffer_;
  std::size_t used_ = 0;
  std::filesystem::path path_;
  std::uint64_t size_ = 0;
  bool failed_ = false;
  std::string error_;
};

// Appends the whole of file `from` to `to`. False with `error`.
bool append_file(OutFile& to, const std::filesystem::path& from, std::string& error);

}  // namespace credlex::store
