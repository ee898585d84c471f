// The `credlex` executable: real streams and files, then driver::run on a thread with a large
// stack, so that deeply nested (but bounded) input can never exhaust it.
#include <pthread.h>

#include <iostream>
#include <string>
#include <vector>

#include "compiler/driver/driver.h"

namespace {

struct Job {
  std::vector<std::string> args;
  int exit_code = 3;
};

void* run_job(void* p) {
  auto* job = static_cast<Job*>(p);
  auto env = credlex::driver::system_env(std::cout, std::cerr);
  job->exit_code = credlex::driver::run(job->args, env);
  std::cout.flush();
  return nullptr;
}

}  // namespace

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  Job job;
  job.args.assign(argv + 1, argv + argc);
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, std::size_t{512} << 20);  // reserved, not committed
  pthread_t thread;
  if (pthread_create(&thread, &attr, run_job, &job) != 0) {
    run_job(&job);  // no thread to be had: run here with the ordinary stack
  } else {
    pthread_join(thread, nullptr);
  }
  pthread_attr_destroy(&attr);
  return job.exit_code;
}
