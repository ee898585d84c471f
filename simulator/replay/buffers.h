// The output buffers of chunks, reused: a chunk's lines are written by the caller's thread and
// its strings handed back here, for a worker to fill with a later chunk. Without it every chunk
// grows two strings of megabytes from nothing (copying them as they double) and the caller frees
// them, memory another thread allocated — together a tenth of a replay's time.
#pragma once

#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace credlex::replay {

class Buffers {
 public:
  // An empty string, with the capacity of one handed back earlier when there is one.
  std::string take() {
    std::lock_guard lock(mutex_);
    if (spare_.empty()) return {};
    std::string s = std::move(spare_.back());
    spare_.pop_back();
    return s;
  }
  void give(std::string&& s) {
    s.clear();
    std::lock_guard lock(mutex_);
    spare_.push_back(std::move(s));
  }

 private:
  std::mutex mutex_;
  std::vector<std::string> spare_;  // at most the buffers of the chunks in flight
};

}  // namespace credlex::replay
