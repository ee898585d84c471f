#include "simulator/population/lines.h"

#include <cerrno>
#include <cstring>
#include <system_error>

#include "simulator/population/population.h"

namespace credlex::population {

namespace {
constexpr std::size_t kChunk = 64 * 1024;
}

LineReader::~LineReader() {
  if (file_) std::fclose(file_);
}

bool LineReader::open(const std::filesystem::path& path, std::string& error) {
  std::error_code ec;
  auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) {
    error = "the file does not exist";
    return false;
  }
  if (std::filesystem::is_directory(status)) {
    error = "this is a folder, not a file";
    return false;
  }
  errno = 0;
  file_ = std::fopen(path.c_str(), "rb");
  if (!file_) {
    error = "cannot open the file: " + std::generic_category().message(errno ? errno : EIO);
    return false;
  }
  return true;
}

bool LineReader::fill() {
  if (eof_ || failed_ || !file_) return false;
  if (start_ > 0) {  // keep only the unreturned part; every byte moves at most once
    buf_.erase(0, start_);
    start_ = 0;
  }
  std::size_t old = buf_.size();
  buf_.resize(old + kChunk);
  errno = 0;
  std::size_t n = std::fread(buf_.data() + old, 1, kChunk, file_);
  buf_.resize(old + n);
  if (n < kChunk) {
    if (std::ferror(file_)) {
      failed_ = true;
      error_ = "cannot read the file: " + std::generic_category().message(errno ? errno : EIO);
      return false;
    }
    eof_ = true;
  }
  return n > 0;
}

LineReader::Status LineReader::skip_rest_of_line() {
  // Drop what is buffered and read on until the end of the line, holding one chunk at a time.
  buf_.clear();
  start_ = scanned_ = 0;
  for (;;) {
    if (!fill()) return failed_ ? Status::Failed : Status::TooLong;
    const void* nl = std::memchr(buf_.data(), '\n', buf_.size());
    if (nl) {
      start_ = static_cast<std::size_t>(static_cast<const char*>(nl) - buf_.data()) + 1;
      scanned_ = 0;
      return Status::TooLong;
    }
    buf_.clear();
  }
}

LineReader::Status LineReader::next(std::string_view& line) {
  if (failed_ || !file_) return Status::Failed;
  for (;;) {
    std::size_t have = buf_.size() - start_;
    const void* nl = have > scanned_ ? std::memchr(buf_.data() + start_ + scanned_, '\n', have - scanned_) : nullptr;
    std::size_t length = 0;
    bool last = false;
    if (nl) {
      length = static_cast<std::size_t>(static_cast<const char*>(nl) - (buf_.data() + start_));
    } else if (eof_) {
      if (have == 0) return Status::End;
      length = have;
      last = true;
    } else if (have > kMaxLineBytes) {
      ++line_;
      return skip_rest_of_line();
    } else {
      scanned_ = have;
      if (!fill() && failed_) return Status::Failed;
      continue;
    }
    ++line_;
    std::string_view text(buf_.data() + start_, length);
    start_ += length + (last ? 0 : 1);
    scanned_ = 0;
    if (text.size() > kMaxLineBytes) return Status::TooLong;
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    if (line_ == 1 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    line = text;
    return Status::Line;
  }
}

}  // namespace credlex::population
