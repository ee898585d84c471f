// Chunks produced on several threads and consumed in order, on the calling thread: the output of
// a parallel run is the same whatever the number of threads. At most `2 × threads` chunks are in
// flight, so memory is bounded by the chunk size, not the population's.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <exception>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

namespace credlex::replay {

// produce(worker, chunk) → T runs on worker threads (worker in [0, threads)); consume(chunk, T&&)
// runs on the caller's thread for chunks 0, 1, 2, … in that order. An exception thrown by either
// stops the run and is rethrown here.
template <typename T, typename Produce, typename Consume>
void ordered_parallel(std::int64_t chunks, unsigned threads, Produce produce, Consume consume) {
  if (threads <= 1 || chunks <= 1) {
    for (std::int64_t c = 0; c < chunks; ++c) consume(c, produce(0u, c));
    return;
  }
  std::mutex mutex;
  std::condition_variable changed;
  std::map<std::int64_t, T> done;
  std::int64_t next = 0, committed = 0;
  bool failed = false;
  std::exception_ptr error;
  const std::int64_t window = 2 * static_cast<std::int64_t>(threads);

  auto work = [&](unsigned worker) {
    for (;;) {
      std::int64_t c;
      {
        std::unique_lock lock(mutex);
        changed.wait(lock, [&] { return failed || next >= chunks || next < committed + window; });
        if (failed || next >= chunks) return;
        c = next++;
      }
      try {
        T out = produce(worker, c);
        std::lock_guard lock(mutex);
        done.emplace(c, std::move(out));
      } catch (...) {
        std::lock_guard lock(mutex);
        if (!failed) error = std::current_exception();
        failed = true;
      }
      changed.notify_all();
    }
  };
  std::vector<std::thread> pool;
  for (unsigned w = 0; w < threads; ++w) pool.emplace_back(work, w);
  try {
    while (committed < chunks) {
      T out;
      {
        std::unique_lock lock(mutex);
        changed.wait(lock, [&] { return failed || done.count(committed) > 0; });
        if (failed) break;
        auto it = done.find(committed);
        out = std::move(it->second);
        done.erase(it);
      }
      consume(committed, std::move(out));
      {
        std::lock_guard lock(mutex);
        ++committed;
      }
      changed.notify_all();
    }
  } catch (...) {
    std::lock_guard lock(mutex);
    if (!failed) error = std::current_exception();
    failed = true;
  }
  changed.notify_all();
  for (auto& t : pool) t.join();
  if (error) std::rethrow_exception(error);
}

}  // namespace credlex::replay
