// Temporary folders and buffered output files for the ingest.
#include "simulator/store/files.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>
#include <vector>

namespace credlex::store {

namespace fs = std::filesystem;

bool TempFolder::create(const fs::path& cache, std::string& error) {
  fs::path parent = cache.parent_path().empty() ? fs::path(".") : cache.parent_path();
  std::error_code ec;
  for (int attempt = 0; attempt < 100; ++attempt) {
    fs::path p = parent / (cache.filename().string() + ".ingest-" + std::to_string(::getpid()) + "-" + std::to_string(attempt));
    if (fs::create_directory(p, ec)) {
      path_ = p;
      return true;
    }
    if (ec) break;
  }
  error = "cannot create a temporary folder next to the cache: " + (ec ? ec.message() : std::string("every name is taken"));
  return false;
}

TempFolder::~TempFolder() {
  if (path_.empty()) return;
  std::error_code ec;
  fs::remove_all(path_, ec);
}

OutFile::~OutFile() {
  if (f_) std::fclose(f_);
}

bool OutFile::open(const fs::path& path, std::size_t buffer) {
  path_ = path;
  f_ = std::fopen(path.c_str(), "wb");
  if (!f_) {
    failed_ = true;
    error_ = "cannot create " + path.string() + ": " + std::strerror(errno);
    return false;
  }
  std::setvbuf(f_, nullptr, _IONBF, 0);  // our own buffer is the only one
  buffer_.resize(buffer);
  return true;
}

bool OutFile::flush() {
  if (failed_ || !f_) return false;
  if (used_ > 0 && std::fwrite(buffer_.data(), 1, used_, f_) != used_) {
    failed_ = true;
    error_ = "cannot write " + path_.string() + ": " + std::strerror(errno);
    return false;
  }
  used_ = 0;
  return true;
}

void OutFile::write_through(const void* data, std::size_t n) {
  if (!flush()) return;
  if (n <= buffer_.size()) {
    std::memcpy(buffer_.data(), data, n);
    used_ = n;
  } else if (std::fwrite(data, 1, n, f_) != n) {
    failed_ = true;
    error_ = "cannot write " + path_.string() + ": " + std::strerror(errno);
    return;
  }
  size_ += n;
}

void OutFile::pad8() {
  static constexpr char zeros[8] = {};
  write(zeros, (8 - size_ % 8) % 8);
}

bool OutFile::close() {
  if (!f_) return !failed_;
  flush();
  if (std::fflush(f_) != 0 && !failed_) {
    failed_ = true;
    error_ = "cannot write " + path_.string() + ": " + std::strerror(errno);
  }
  if (std::fclose(f_) != 0 && !failed_) {
    failed_ = true;
    error_ = "cannot write " + path_.string() + ": " + std::strerror(errno);
  }
  f_ = nullptr;
  return !failed_;
}

bool append_file(OutFile& to, const fs::path& from, std::string& error) {
  std::FILE* in = std::fopen(from.c_str(), "rb");
  if (!in) {
    error = "cannot read " + from.string() + ": " + std::strerror(errno);
    return false;
  }
  std::vector<char> buf(std::size_t{1} << 20);
  std::size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), in)) > 0) to.write(buf.data(), n);
  bool bad = std::ferror(in);
  std::fclose(in);
  if (bad) {
    error = "cannot read " + from.string();
    return false;
  }
  if (to.failed()) {
    error = to.error();
    return false;
  }
  return true;
}

}  // namespace credlex::store
