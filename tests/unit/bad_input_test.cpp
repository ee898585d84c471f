// Bad input: every case must end with a clear diagnostic at a file:line:col, in bounded time
// and memory, and never crash. Each case runs the whole command line (driver::run) in a forked
// child on a thread with a 512 MiB stack, exactly as `main.cpp` runs it: a crash or a hang then
// fails the one test case (with the signal or the time-out in the report) instead of the run.
#include <catch2/catch.hpp>

#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <iostream>
#include <map>
#include <new>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "compiler/driver/driver.h"

using namespace credlex;

// ---------------------------------------------------------------------------------------------
// The largest single allocation while a case runs, to check that a 50 MB input costs no further
// 50 MB-sized buffers. The plain build replaces operator new to see each allocation. That does not
// mix with a sanitizer's allocator, which instead reports every allocation to a hook: the sanitizer
// build (CREDLEX_SANITIZED; this file itself is not instrumented there, see tests/CMakeLists.txt)
// uses the hook, and checks the same bound.
#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define CLX_SANITIZER_RUNTIME 1
#endif
#endif
#if CREDLEX_SANITIZED || defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__) || defined(CLX_SANITIZER_RUNTIME)
#define CLX_SANITIZED 1
#else
#define CLX_SANITIZED 0
#endif

namespace {
std::atomic<bool> g_tracking{false};
std::atomic<std::size_t> g_largest{0};

void note_allocation(std::size_t n) {
  if (g_tracking.load(std::memory_order_relaxed)) {
    std::size_t seen = g_largest.load(std::memory_order_relaxed);
    while (n > seen && !g_largest.compare_exchange_weak(seen, n, std::memory_order_relaxed)) {
    }
  }
}
}  // namespace

#if CLX_SANITIZED
// The sanitizer runtime's public interface (<sanitizer/allocator_interface.h>, which Debian's
// g++ 12 does not install).
extern "C" int __sanitizer_install_malloc_and_free_hooks(void (*malloc_hook)(const volatile void*, std::size_t),
                                                         void (*free_hook)(const volatile void*));
namespace {
void on_malloc(const volatile void*, std::size_t n) { note_allocation(n); }
void on_free(const volatile void*) {}
// Installed before any test runs; the forked children that run the cases inherit it. The test
// "the largest allocation is seen" fails if it is not.
[[maybe_unused]] const int g_hook = __sanitizer_install_malloc_and_free_hooks(on_malloc, on_free);
}  // namespace
#else
// operator new below allocates with malloc, so free is the matching release.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void* operator new(std::size_t n) {
  note_allocation(n);
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
#endif

namespace {

#if CLX_SANITIZED
constexpr double kSlowdown = 8;  // sanitizer builds are slower
#else
constexpr double kSlowdown = 1;
#endif

struct Outcome {
  bool finished = false;  // the child ran the case to its end
  int exit_code = -1;     // credlex's exit code
  int signal = 0;         // the signal that killed the child, if any
  int child_status = 0;
  bool timed_out = false;
  double seconds = 0;
  std::size_t largest_allocation = 0;
  std::string out, err;

  std::string describe() const {
    std::ostringstream s;
    if (timed_out) s << "TIMED OUT";
    else if (signal) s << "KILLED BY SIGNAL " << signal << " (" << strsignal(signal) << ")";
    else if (!finished)
      s << "the child exited with status " << (WIFEXITED(child_status) ? WEXITSTATUS(child_status) : child_status)
        << " before finishing (a sanitizer report? it is printed above)";
    else s << "exit " << exit_code << " after " << seconds << " s";
    s << "\nstderr (first 2000 bytes):\n" << err.substr(0, 2000);
    return s.str();
  }
};

struct Job {
  std::function<int(driver::Env&)> body;
  std::ostringstream out, err;
  int code = -1;
  std::function<bool(const std::string&, std::string&, std::string&)> read;
};

void* run_job(void* p) {
  auto* job = static_cast<Job*>(p);
  driver::Env env{job->out, job->err, job->read,
                  [](const std::string&, const std::string&, std::string& e) {
                    e = "writing is not allowed in this test";
                    return false;
                  }};
  job->code = job->body(env);
  return nullptr;
}

void write_all(int fd, const void* data, std::size_t n) {
  const char* p = static_cast<const char*>(data);
  while (n > 0) {
    ssize_t k = ::write(fd, p, n);
    if (k <= 0) {
      if (k < 0 && errno == EINTR) continue;
      _exit(97);
    }
    p += k;
    n -= static_cast<std::size_t>(k);
  }
}

// Runs `credlex ARGS` in a child process; `files` is the in-memory file system (each file is
// handed over by moving, so reading a 50 MB file allocates nothing new).
Outcome isolated(std::vector<std::string> args, std::map<std::string, std::string> files, double timeout = 60) {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  std::cout.flush();
  std::cerr.flush();
  pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::close(fds[0]);
    // Catch's own crash handlers would report the child's crash as the end of the test run:
    // let a crash end the child plainly, for the parent to report.
    for (int sig : {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT}) ::signal(sig, SIG_DFL);
    Job job;
    job.read = [&files](const std::string& path, std::string& text, std::string& error) {
      auto it = files.find(path);
      if (it == files.end()) {
        error = "No such file or directory";
        return false;
      }
      text = std::move(it->second);
      files.erase(it);
      return true;
    };
    job.body = [&args](driver::Env& env) { return driver::run(args, env); };
    auto start = std::chrono::steady_clock::now();
    g_largest = 0;
    g_tracking = true;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, std::size_t{512} << 20);
    pthread_t thread;
    if (pthread_create(&thread, &attr, run_job, &job) != 0) _exit(98);
    pthread_join(thread, nullptr);
    g_tracking = false;
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::string out = job.out.str(), err = job.err.str();
    std::size_t header[4] = {static_cast<std::size_t>(job.code), g_largest.load(), out.size(), err.size()};
    write_all(fds[1], header, sizeof header);
    write_all(fds[1], &seconds, sizeof seconds);
    write_all(fds[1], out.data(), out.size());
    write_all(fds[1], err.data(), err.size());
    ::close(fds[1]);
    _exit(0);
  }
  ::close(fds[1]);
  Outcome o;
  std::string data;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout * kSlowdown);
  char buffer[1 << 16];
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
    if (left <= 0) {
      o.timed_out = true;
      ::kill(pid, SIGKILL);
      break;
    }
    pollfd p{fds[0], POLLIN, 0};
    int ready = ::poll(&p, 1, static_cast<int>(std::min<long long>(left, 1000)));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) continue;
    ssize_t k = ::read(fds[0], buffer, sizeof buffer);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) break;
    data.append(buffer, static_cast<std::size_t>(k));
  }
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  o.child_status = status;
  if (WIFSIGNALED(status) && !o.timed_out) o.signal = WTERMSIG(status);
  constexpr std::size_t head = 4 * sizeof(std::size_t) + sizeof(double);
  if (!o.timed_out && WIFEXITED(status) && WEXITSTATUS(status) == 0 && data.size() >= head) {
    std::size_t header[4];
    std::memcpy(header, data.data(), sizeof header);
    std::memcpy(&o.seconds, data.data() + sizeof header, sizeof(double));
    if (data.size() == head + header[2] + header[3]) {
      o.finished = true;
      o.exit_code = static_cast<int>(header[0]);
      o.largest_allocation = header[1];
      o.out = data.substr(head, header[2]);
      o.err = data.substr(head + header[2], header[3]);
    }
  }
  return o;
}

Outcome check_file(const std::string& name, std::string text, double timeout = 60) {
  std::map<std::string, std::string> files;
  files[name] = std::move(text);
  return isolated({"check", name}, std::move(files), timeout);
}

// The report starts with `NAME:LINE:COL: error[CODE]: …` (checked by hand: std::regex recurses
// per character and would itself overflow on a report that echoes a 50 MB line).
bool located(const std::string& err, const std::string& name) {
  if (err.compare(0, name.size() + 1, name + ":") != 0) return false;
  std::size_t i = name.size() + 1;
  auto digits = [&] {
    std::size_t start = i;
    while (i < err.size() && err[i] >= '0' && err[i] <= '9') ++i;
    return i > start && err[start] != '0';
  };
  if (!digits() || i >= err.size() || err[i++] != ':') return false;
  if (!digits()) return false;
  const std::string mid = ": error[E";
  if (err.compare(i, mid.size(), mid) != 0) return false;
  i += mid.size();
  for (int k = 0; k < 4; ++k, ++i)
    if (i >= err.size() || err[i] < '0' || err[i] > '9') return false;
  return err.compare(i, 3, "]: ") == 0;
}

void require_located(const Outcome& o, const std::string& name, const std::string& code = "") {
  INFO(o.describe());
  REQUIRE(o.finished);
  CHECK(o.exit_code == driver::kPolicyErrors);
  CHECK(located(o.err, name));
  if (!code.empty()) CHECK(o.err.find("error[" + code + "]") != std::string::npos);
}

std::size_t count(const std::string& s, const std::string& what) {
  std::size_t n = 0;
  for (auto at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("bad input: an empty file", "[bad_input]") {
  auto o = check_file("empty.clx", "");
  require_located(o, "empty.clx", "E0208");
  CHECK(o.err.rfind("empty.clx:1:1: error[E0208]", 0) == 0);
}

TEST_CASE("bad input: binary garbage", "[bad_input]") {
  std::mt19937 rng(20240229);
  for (int round = 0; round < 12; ++round) {
    std::string bytes(1 + rng() % 8192, '\0');
    for (auto& b : bytes) b = static_cast<char>(rng() & 0xFF);
    INFO("round " << round << ", " << bytes.size() << " bytes");
    auto o = check_file("garbage.bin", bytes, 20);
    require_located(o, "garbage.bin");
    CHECK(o.seconds < 5 * kSlowdown);
  }
}

TEST_CASE("bad input: printable garbage reaches the parser", "[bad_input]") {
  std::mt19937 rng(7);
  const std::string alphabet = "abcxyz_019 \n\t(){}.,:<>=+-*/\"%@$#policy param list when not if then else 2024-02-29 10 CNY ";
  for (int round = 0; round < 12; ++round) {
    std::string text;
    std::size_t n = 1 + rng() % 20000;
    for (std::size_t i = 0; i < n; ++i) text += alphabet[rng() % alphabet.size()];
    INFO("round " << round);
    auto o = check_file("noise.clx", text, 30);
    require_located(o, "noise.clx");
    CHECK(count(o.err, ": error[") <= 60);  // a file is abandoned after 50 syntax errors
    CHECK(o.seconds < 10 * kSlowdown);
  }
}

TEST_CASE("bad input: invalid UTF-8 is reported at the bad byte", "[bad_input]") {
  auto o = check_file("bad.clx", "policy p \"t\"\n// é ok\nparam x = \"a\xE2\x82\"\n");
  require_located(o, "bad.clx", "E0103");
  CHECK(o.err.rfind("bad.clx:3:13: error[E0103]", 0) == 0);
  CHECK(o.err.find("0xE2") != std::string::npos);
  // Columns count characters: two Chinese characters before the bad byte are two columns.
  auto c = check_file("cjk.clx", "// 名字 \xFF\n");
  CHECK(c.err.rfind("cjk.clx:1:7: error[E0103]", 0) == 0);
  auto n = check_file("nul.clx", std::string("policy p \"t\"\n\0", 14));
  require_located(n, "nul.clx", "E0104");
  CHECK(n.err.rfind("nul.clx:2:1: error[E0104]", 0) == 0);
}

TEST_CASE("bad input: the largest allocation is seen, in the plain and in the sanitizer build", "[bad_input][large]") {
  g_largest = 0;
  g_tracking = true;
  {
    std::vector<char> buffer(std::size_t{16} << 20);
    static_cast<volatile char&>(buffer[buffer.size() - 1]) = 1;
  }
  g_tracking = false;
  CHECK(g_largest.load() >= (std::size_t{16} << 20));
}

TEST_CASE("bad input: a 50 MB file is refused at once (E0102)", "[bad_input][large]") {
  const std::size_t size = std::size_t{50} << 20;
  SECTION("ordinary lines") {
    std::string text = "policy p \"t\"\n";
    std::string line = "// " + std::string(96, 'x') + "\n";
    while (text.size() < size) text += line;
    auto o = check_file("big.clx", std::move(text));
    require_located(o, "big.clx", "E0102");
    CHECK(o.err.rfind("big.clx:1:1: error[E0102]", 0) == 0);
    CHECK(o.seconds < 2 * kSlowdown);
    CHECK(o.largest_allocation < (std::size_t{8} << 20));
  }
  SECTION("only line breaks") {
    auto o = check_file("newlines.clx", std::string(size, '\n'));
    require_located(o, "newlines.clx", "E0102");
    CHECK(o.seconds < 2 * kSlowdown);
    // A table of 50 million line starts is a 200 MB allocation for a file that is refused.
    CHECK(o.largest_allocation < (std::size_t{8} << 20));
  }
  SECTION("one 50 MB line") {
    auto o = check_file("oneline.clx", "policy p \"t\" " + std::string(size, 'x'));
    require_located(o, "oneline.clx", "E0102");
    CHECK(o.seconds < 2 * kSlowdown);
    // The report must not echo the whole 50 MB line.
    CHECK(o.err.size() < (std::size_t{1} << 20));
    CHECK(o.largest_allocation < (std::size_t{8} << 20));
  }
}

TEST_CASE("bad input: 10,000-deep nesting", "[bad_input][nesting]") {
  const int n = 10000;
  SECTION("parentheses") {
    auto o = check_file("paren.clx", "policy p \"t\"\nparam x = " + std::string(n, '(') + "1" + std::string(n, ')') + "\n");
    require_located(o, "paren.clx", "E0105");
    CHECK(o.err.rfind("paren.clx:2:211: error[E0105]", 0) == 0);  // at the 201st bracket
    CHECK(count(o.err, ": error[") == 1);
    CHECK(o.seconds < 2 * kSlowdown);
  }
  SECTION("braces") {
    auto o = check_file("brace.clx", "policy p \"t\"\n" + std::string(n, '{') + std::string(n, '}') + "\n");
    require_located(o, "brace.clx", "E0105");
  }
  SECTION("not") {
    std::string nots;
    for (int i = 0; i < n; ++i) nots += "not ";
    auto o = check_file("not.clx", "policy p \"t\"\nparam x = " + nots + "true\n");
    require_located(o, "not.clx", "E0106");
    CHECK(count(o.err, ": error[") == 1);
    CHECK(o.seconds < 2 * kSlowdown);
  }
  SECTION("unary minus") {
    auto o = check_file("minus.clx", "policy p \"t\"\nparam x = " + std::string(n, '-') + "1\n");
    require_located(o, "minus.clx", "E0106");
  }
  SECTION("if") {
    std::string ifs;
    for (int i = 0; i < n; ++i) ifs += "if a then ";
    auto o = check_file("if.clx", "policy p \"t\"\nparam x = " + ifs + "1\n");
    require_located(o, "if.clx", "E0106");
  }
  SECTION("not and brackets mixed: 199 brackets, each after 199 `not`s") {
    std::string text = "policy p \"t\"\nparam x = ";
    for (int i = 0; i < 199; ++i) {
      for (int k = 0; k < 199; ++k) text += "not ";
      text += "(";
    }
    text += "true" + std::string(199, ')') + "\n";
    auto o = check_file("mixed.clx", text);
    require_located(o, "mixed.clx", "E0106");
    CHECK(count(o.err, ": error[") == 1);
  }
}

TEST_CASE("bad input: a 100,000-term expression chain", "[bad_input][nesting]") {
  std::string chain = "1";
  for (int i = 1; i < 100000; ++i) chain += " + 1";
  auto o = check_file("chain.clx", "policy p \"t\"\nparam x = " + chain + "\n");
  require_located(o, "chain.clx", "E0106");
  CHECK(o.err.rfind("chain.clx:2:11: error[E0106]", 0) == 0);
  // One clear error, not a cascade of follow-on errors about the cut-off expression.
  CHECK(count(o.err, ": error[") == 1);
  CHECK(o.seconds < 10 * kSlowdown);
  std::string ands = "true";
  for (int i = 1; i < 100000; ++i) ands += i % 2 ? " and x" : " or y";
  auto a = check_file("ands.clx", "policy p \"t\"\nparam x = " + ands + "\n");
  require_located(a, "ands.clx", "E0106");
  CHECK(count(a.err, ": error[") == 1);
}

// The nesting guard must hold whatever comes before the nested brackets. More than 50 stray
// characters (max_errors) used to switch it off (the parser then recursed once per bracket and
// crashed); now such a file is refused before parsing, at its first stray character.
TEST_CASE("bad input: deep nesting after many stray characters", "[bad_input][nesting]") {
  std::string stray;
  for (int i = 0; i < 60; ++i) stray += "@ ";
  const int n = 3000000;  // 6 MB: under the 8 MiB limit
  auto o = check_file("stray.clx", "policy p \"t\"\nparam a = 1 " + stray + "\nparam x = " + std::string(n, '(') + "1" +
                                        std::string(n, ')') + "\n", 120);
  require_located(o, "stray.clx");
  CHECK(o.err.find("stray.clx:2:13: error[E0202]") != std::string::npos);
  CHECK(o.err.find("more than 50 characters") != std::string::npos);
}

TEST_CASE("bad input: a policy with thousands of errors stops after 50", "[bad_input]") {
  std::string text = "policy p \"t\"\n";
  for (int i = 0; i < 20000; ++i) text += "param x = = " + std::to_string(i) + "\n";
  auto o = check_file("many.clx", text);
  require_located(o, "many.clx", "E0201");
  CHECK(count(o.err, ": error[") == 51);
  CHECK(o.err.find("after 50 errors") != std::string::npos);
  CHECK(o.seconds < 10 * kSlowdown);
  std::string junk;
  while (junk.size() < (1 << 20)) junk += std::string(79, '@') + "\n";
  auto j = check_file("junk.clx", junk);
  require_located(j, "junk.clx", "E0202");
  CHECK(j.err.size() < (std::size_t{1} << 20));
}

TEST_CASE("bad input: a missing used file", "[bad_input][use]") {
  std::map<std::string, std::string> files{{"root.clx", "policy r \"R\"\nuse \"gone/away.clx\" as g\nparam x = g.y\n"}};
  auto o = isolated({"check", "root.clx"}, files);
  require_located(o, "root.clx", "E0303");
  CHECK(o.err.rfind("root.clx:2:5: error[E0303]", 0) == 0);
  CHECK(o.err.find("`gone/away.clx`") != std::string::npos);
}

TEST_CASE("bad input: a use cycle names the circle", "[bad_input][use]") {
  std::map<std::string, std::string> files{{"a.clx", "policy a \"A\"\nuse \"b.clx\" as b\n"},
                                           {"b.clx", "policy b \"B\"\nuse \"c.clx\" as c\n"},
                                           {"c.clx", "policy c \"C\"\nuse \"a.clx\" as a\n"}};
  auto o = isolated({"check", "a.clx"}, files);
  require_located(o, "c.clx", "E0304");
  CHECK(o.err.find("`a.clx` uses `b.clx` uses `c.clx` uses `a.clx`") != std::string::npos);
  CHECK(o.err.rfind("c.clx:2:5: error[E0304]", 0) == 0);
}

TEST_CASE("bad input: long names and long text", "[bad_input]") {
  auto o = check_file("long.clx", "policy p \"t\"\nparam x = " + std::string(1 << 20, 'n') + "\n");
  require_located(o, "long.clx", "E0301");
  auto t = check_file("text.clx", "policy p \"t\"\nparam x = \"" + std::string(4 << 20, 't') + "\" + 1\n");
  require_located(t, "text.clx", "E0402");
  CHECK(t.seconds < 10 * kSlowdown);
}

// Limits with enormous numbers: folding `seriousness + N` must not overflow (undefined behaviour,
// which the sanitizer build aborts on) nor wrap around into a negative bound that then reports a
// measure as too heavy. A bound this large allows every measure.
TEST_CASE("bad input: enormous numbers in limits", "[bad_input][overflow]") {
  const std::string base = R"(policy p "P" basic list
document law "Law"
entity NaturalPerson
seriousness minor < serious
event e for NaturalPerson { seriousness serious }
list l of NaturalPerson { basis law include on e for 1 year }
measure m { basis law category c severity 3 applies to members of l while listed }
)";
  // Literals have at most 18 digits; their products and sums can still overflow 64 bits.
  for (std::string bound : {"seriousness + 999999999999999999 * 999999999999999999",
                            "seriousness * 999999999999999999 * 10",
                            "999999999999999999 * 999999999999999999 + 1"}) {
    std::map<std::string, std::string> files{{"p.clx", base + "limits big { basis law severity <= " + bound + " }\n"}};
    auto o = isolated({"check", "p.clx"}, files);
    INFO("severity <= " << bound << "\n" << o.describe());
    REQUIRE(o.finished);
    CHECK(o.exit_code == driver::kOk);
    CHECK(o.err.find("E0701") == std::string::npos);
  }
}
