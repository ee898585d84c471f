#include "simulator/store/mapping.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace credlex::store {

std::unique_ptr<Mapping> Mapping::open(const std::filesystem::path& path, std::string& error) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    error = "cannot open the cache " + path.string() + ": " + std::strerror(errno);
    return nullptr;
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    error = "the cache " + path.string() + " is not a regular file";
    ::close(fd);
    return nullptr;
  }
  std::unique_ptr<Mapping> m(new Mapping);
  m->size_ = static_cast<std::size_t>(st.st_size);
  if (m->size_ > 0) {
    void* p = ::mmap(nullptr, m->size_, PROT_READ, MAP_SHARED, fd, 0);
    if (p == MAP_FAILED) {
      error = "cannot map the cache " + path.string() + ": " + std::strerror(errno);
      ::close(fd);
      return nullptr;
    }
    m->data_ = static_cast<const char*>(p);
  }
  ::close(fd);  // the mapping stays valid
  return m;
}

void Mapping::release() const {
  if (data_ && size_ > 0) ::madvise(const_cast<char*>(data_), size_, MADV_DONTNEED);
}

Mapping::~Mapping() {
  if (data_) ::munmap(const_cast<char*>(data_), size_);
}

}  // namespace credlex::store
