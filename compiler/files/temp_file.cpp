#include "compiler/files/temp_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <random>

namespace credlex::files {
namespace {

namespace fs = std::filesystem;

std::string with_reason(const std::string& what) { return what + ": " + std::strerror(errno); }

}  // namespace

TempFile::~TempFile() {
  if (!path_.empty()) ::unlink(path_.c_str());
}

bool TempFile::create(const std::string& final_path, const std::string& suffix, mode_t mode, std::string& error) {
  fs::path target(final_path);
  std::random_device random;
  for (int attempt = 0; attempt < 100; ++attempt) {
    std::string unique = std::to_string(::getpid()) + "-" + std::to_string(random() % 1000000);
    std::string name = (target.parent_path() / ("." + target.filename().string() + ".credlex-" + unique + suffix)).string();
    int fd = ::open(name.c_str(), O_WRONLY | O_CREAT | O_EXCL, mode);
    if (fd < 0 && errno == EEXIST) continue;
    if (fd < 0) break;
    ::close(fd);
    path_ = name;
    final_ = final_path;
    return true;
  }
  error = with_reason("cannot create a file in the folder of `" + final_path + "`");
  return false;
}

bool TempFile::write(std::string_view bytes, std::string& error) {
  int fd = ::open(path_.c_str(), O_WRONLY | O_TRUNC);
  if (fd < 0) {
    error = with_reason("cannot write `" + final_ + "`");
    return false;
  }
  std::size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      error = with_reason("cannot write `" + final_ + "`");
      ::close(fd);
      return false;
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    error = with_reason("cannot write `" + final_ + "`");
    return false;
  }
  return true;
}

bool TempFile::commit(std::string& error) {
  if (::rename(path_.c_str(), final_.c_str()) != 0) {
    error = with_reason("cannot replace `" + final_ + "`");
    return false;
  }
  path_.clear();
  return true;
}

bool write_file_atomic(const std::string& path, std::string_view text, std::string& error) {
  struct stat existing {};
  bool keep_mode = ::stat(path.c_str(), &existing) == 0 && S_ISREG(existing.st_mode);
  TempFile file;
  if (!file.create(path, "", 0644, error)) return false;
  if (keep_mode && ::chmod(file.path().c_str(), existing.st_mode & 07777) != 0) {
    error = with_reason("cannot write `" + path + "`");
    return false;
  }
  return file.write(text, error) && file.commit(error);
}

}  // namespace credlex::files
