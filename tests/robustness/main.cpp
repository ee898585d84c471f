// Robustness: damaged versions of every real policy must never crash, hang or upset a sanitizer.
//
//   robustness SOURCE_DIR [--jobs N] [--mutations N] [--max-prefixes N] [--seed S]
//                         [--case-timeout SECONDS] [--save DIR] [--only SUBSTRING] [--list]
//
// For every .clx under SOURCE_DIR/tests/golden/good and SOURCE_DIR/policies it tries
//   - prefix truncations: at most --max-prefixes (default 1500) per file: every prefix of a file
//     short enough; for longer files every prefix that ends in the first or last E bytes (E is
//     200, or a quarter of --max-prefixes if that is less), and prefixes at an even stride in
//     between;
//   - --mutations (default 400) seeded byte mutations: flip a bit, delete or duplicate a run of
//     bytes, insert a random byte, a `(`, a `"`, a keyword or a punctuation mark.
// Each case runs what `credlex check` runs, in process: load (the damaged file is the root; the
// files it uses are read from disk), check when the syntax is intact, plus the emitters and the
// renderers. It passes when everything returns normally and
//   - every diagnostic and note has no location or a valid one (a known file, begin <= end <=
//     the file's size);
//   - a file that did not parse has at least one error reported (nothing fails silently);
//   - the JSON rendering of the diagnostics parses and counts them right;
//   - a file that read without errors formats into text that parses again without errors (what
//     `credlex fmt` asserts before it writes).
// Cases run in --jobs worker processes (default 2), each on a thread with a 512 MiB stack as in
// main.cpp. A worker that crashes or exceeds --case-timeout (default 60 s) fails that one case
// and is replaced; the run goes on. Failing inputs are saved to --save (default
// ./robustness-failures) for reproduction. The last line is `N passed, M failed`; the exit
// status is 0 only when M is 0.
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "compiler/diag/render.h"
#include "compiler/format/format.h"
#include "compiler/sema/model.h"
#include "compiler/syntax/ast_dump.h"
#include "compiler/syntax/parse.h"
#include "mini_json.h"

namespace fs = std::filesystem;
using namespace credlex;

namespace {

struct Options {
  std::string source_dir;
  int jobs = 2;
  int mutations = 400;
  int max_prefixes = 1500;
  std::uint64_t seed = 20240229;
  double case_timeout = 60;
  std::string save_dir = "robustness-failures";
  std::string only;
  bool list = false;
};

struct File {
  std::string path;   // absolute, as given to the loader
  std::string label;  // relative to the source folder, for reports
  std::string text;
  std::vector<std::size_t> prefixes;  // prefix lengths to try
};

struct Case {
  std::size_t file;
  bool prefix;         // a prefix truncation, else a mutation
  std::size_t param;   // the prefix length, or the mutation number
};

std::uint64_t splitmix(std::uint64_t& x) {
  std::uint64_t z = (x += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

std::uint64_t hash(std::string_view s) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ULL;
  return h;
}

const char* const kKeywords[] = {
    "policy", "use", "as", "document", "entity", "relation", "seriousness", "enum", "event", "param", "list",
    "include", "extend", "remove", "on", "when", "unless", "for", "until", "removed", "measure", "refines",
    "severity", "applies", "to", "members", "of", "reaches", "while", "listed", "restored", "restoration",
    "eligible", "after", "decide", "within", "never", "grade", "levels", "level", "otherwise", "limits",
    "duration", "listing", "concurrent", "reach", "only", "none", "test", "expect", "in", "under", "not",
    "and", "or", "if", "then", "else", "count", "exists", "latest", "first", "sum", "where", "cause", "self",
    "basis", "art", "para", "item", "is", "working", "days", "months", "years", "true", "false", "from",
    "2024-02-29", "2023-02-29", "10000 CNY", "12.5%", "0 days", "99999999999999999999", "\"", "\\", "..", "->"};

// The damaged text of a case, and what was done to it.
std::string make_case(const Options& o, const File& f, const Case& c, std::string& what) {
  if (c.prefix) {
    what = "prefix of " + std::to_string(c.param) + " of " + std::to_string(f.text.size()) + " bytes";
    return f.text.substr(0, c.param);
  }
  std::uint64_t state = o.seed ^ hash(f.label) ^ (0x100000001B3ULL * (c.param + 1));
  auto rnd = [&](std::uint64_t n) { return n == 0 ? 0 : splitmix(state) % n; };
  std::string t = f.text;
  std::size_t at = rnd(t.size() + 1);
  std::ostringstream d;
  d << "mutation #" << c.param << ": ";
  switch (c.param % 8) {
    case 0: {  // flip a bit; mostly below the high bit, so that the result is often still text
      if (t.empty()) { t = "\x01"; d << "empty file: a 0x01 byte"; break; }
      at = rnd(t.size());
      int bit = rnd(10) == 0 ? 7 : static_cast<int>(rnd(7));
      t[at] = static_cast<char>(t[at] ^ (1 << bit));
      d << "flip bit " << bit << " at " << at;
      break;
    }
    case 1: {  // delete a run
      std::size_t n = 1 + rnd(8);
      if (at >= t.size()) at = t.empty() ? 0 : t.size() - 1;
      t.erase(at, n);
      d << "delete " << n << " bytes at " << at;
      break;
    }
    case 2: {  // duplicate a run
      std::size_t n = 1 + rnd(16);
      std::string run = t.substr(at, n);
      t.insert(at, run);
      d << "duplicate " << run.size() << " bytes at " << at;
      break;
    }
    case 3: {  // a random byte
      char b = static_cast<char>(rnd(256));
      t.insert(at, 1, b);
      d << "insert byte 0x" << std::hex << (static_cast<unsigned>(b) & 0xFF) << std::dec << " at " << at;
      break;
    }
    case 4:
      t.insert(at, "(");
      d << "insert ( at " << at;
      break;
    case 5:
      t.insert(at, "\"");
      d << "insert \" at " << at;
      break;
    case 6: {
      std::string k = kKeywords[rnd(std::size(kKeywords))];
      std::string s = (rnd(2) ? " " : "") + k + (rnd(2) ? " " : "");
      t.insert(at, s);
      d << "insert `" << s << "` at " << at;
      break;
    }
    default: {
      static const char kPunct[] = "(){}.,:<=>+-*/%@$\n\t";
      char p = kPunct[rnd(sizeof kPunct - 1)];
      t.insert(at, 1, p);
      d << "insert 0x" << std::hex << static_cast<int>(p) << std::dec << " at " << at;
      break;
    }
  }
  what = d.str();
  return t;
}

// ---------------------------------------------------------------------------------------------
// One case, in the worker

std::map<std::string, std::string> g_disk;  // files read from disk, by path

bool read_disk(const std::string& path, std::string& text, std::string& error) {
  if (auto it = g_disk.find(path); it != g_disk.end()) {
    text = it->second;
    return true;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in || fs::is_directory(path)) {
    error = "No such file or directory";
    return false;
  }
  std::ostringstream b;
  b << in.rdbuf();
  text = g_disk[path] = b.str();
  return true;
}

std::string check_ranges(const diag::SourceManager& sm, const diag::Diagnostic& d) {
  auto bad = [&](const diag::SourceRange& r) -> std::string {
    if (!r.valid()) return "";
    if (r.file >= sm.size()) return "file id " + std::to_string(r.file) + " unknown";
    auto size = sm.file(r.file).text().size();
    if (r.begin > r.end || r.end > size)
      return "range " + std::to_string(r.begin) + ".." + std::to_string(r.end) + " outside a file of " +
             std::to_string(size) + " bytes";
    return "";
  };
  if (auto why = bad(d.range); !why.empty()) return std::string(d.code) + ": " + why;
  for (const auto& n : d.notes)
    if (auto why = bad(n.range); !why.empty()) return std::string(d.code) + " note: " + why;
  return "";
}

// Returns "" when the case passes, else what went wrong.
std::string run_case(const File& f, const std::string& text) {
  diag::SourceManager sm;
  diag::Sink sink;
  sema::LoadOptions load;
  load.read_file = [&](const std::string& path, std::string& out, std::string& error) {
    if (path == f.path) {
      out = text;
      return true;
    }
    return read_disk(path, out, error);
  };
  auto program = sema::load(f.path, sm, sink, load);
  if (!program.root) return "the root could not be loaded";
  bool syntax_ok = program.syntax_ok();
  if (!syntax_ok && !sink.has_errors()) return "a file did not parse, but no error was reported";

  // What --emit=tokens and --emit=ast print.
  {
    diag::Sink scratch;
    syntax::tokenize(sm, program.root->ast.file, scratch);
    syntax::dump_ast(program.root->ast, sm);
  }
  // What `credlex fmt` does with a file that read without any error: format it and prove the
  // result parses again (fmt leaves files with errors alone).
  bool root_errors = std::any_of(sink.diagnostics().begin(), sink.diagnostics().end(), [&](const diag::Diagnostic& d) {
    return d.severity == diag::Severity::Error && d.range.file == program.root->ast.file;
  });
  if (program.root->ast.syntax_ok && !root_errors) {
    std::string formatted = format::format(program.root->ast, sm.file(program.root->ast.file).text());
    diag::SourceManager fsm;
    diag::Sink fsink;
    auto id = fsm.add("formatted.clx", formatted);
    auto again = syntax::parse(fsm, id, fsink);
    if (!again.syntax_ok || fsink.has_errors()) {
      std::string first = fsink.diagnostics().empty() ? "" : diag::render_text(fsink.diagnostics()[0], fsm);
      return "the formatted text no longer parses: " + first;
    }
  }
  if (syntax_ok) {
    std::size_t before = sink.error_count();
    auto model = sema::check(std::move(program), sm, sink);
    if (sink.error_count() == before) sema::dump(model);
  }
  sink.sort();
  for (const auto& d : sink.diagnostics()) {
    if (auto why = check_ranges(sm, d); !why.empty()) return "bad location: " + why;
    diag::render_text(d, sm);
  }
  std::string json = diag::render_json(sink.diagnostics(), sm);
  try {
    auto v = mini_json::parse(json);
    if (v["diagnostics"].array.size() != sink.diagnostics().size()) return "the JSON report lost diagnostics";
  } catch (const std::exception& e) {
    return std::string("the JSON report does not parse: ") + e.what();
  }
  return "";
}

// ---------------------------------------------------------------------------------------------
// Workers

struct WorkerArgs {
  const Options* options;
  const std::vector<File>* files;
  const std::vector<Case>* cases;
  std::vector<std::size_t> mine;  // case indices, in order
  int out_fd;
};

void send(int fd, const std::string& line) {
  const char* p = line.data();
  std::size_t n = line.size();
  while (n > 0) {
    ssize_t k = ::write(fd, p, n);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) _exit(3);
    p += k;
    n -= static_cast<std::size_t>(k);
  }
}

std::string one_line(std::string s) {
  for (auto& c : s)
    if (c == '\n' || c == '\r') c = ' ';
  if (s.size() > 400) s = s.substr(0, 400) + "...";
  return s;
}

void* worker_main(void* p) {
  auto* a = static_cast<WorkerArgs*>(p);
  for (std::size_t i : a->mine) {
    const Case& c = (*a->cases)[i];
    const File& f = (*a->files)[c.file];
    std::string what;
    std::string text = make_case(*a->options, f, c, what);
    send(a->out_fd, "S " + std::to_string(i) + "\n");
    std::string failure;
    try {
      failure = run_case(f, text);
    } catch (const std::exception& e) {
      failure = std::string("an exception escaped: ") + e.what();
    } catch (...) {
      failure = "an unknown exception escaped";
    }
    send(a->out_fd, "D " + std::to_string(i) + (failure.empty() ? " ok\n" : " fail " + one_line(failure) + "\n"));
  }
  return nullptr;
}

struct Worker {
  pid_t pid = -1;
  int fd = -1;
  std::string buffer;
  std::vector<std::size_t> queue;  // its cases
  std::size_t next = 0;            // first case of `queue` not yet finished
  std::optional<std::size_t> running;
  std::chrono::steady_clock::time_point started;
};

void spawn(Worker& w, const Options& o, const std::vector<File>& files, const std::vector<Case>& cases) {
  int fds[2];
  if (::pipe(fds) != 0) {
    std::perror("pipe");
    std::exit(2);
  }
  std::cout.flush();
  std::cerr.flush();
  pid_t pid = ::fork();
  if (pid < 0) {
    std::perror("fork");
    std::exit(2);
  }
  if (pid == 0) {
    ::close(fds[0]);
    WorkerArgs args{&o, &files, &cases, std::vector<std::size_t>(w.queue.begin() + w.next, w.queue.end()), fds[1]};
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, std::size_t{512} << 20);
    pthread_t thread;
    if (pthread_create(&thread, &attr, worker_main, &args) != 0) worker_main(&args);
    else pthread_join(thread, nullptr);
    ::close(fds[1]);
    std::exit(0);  // a normal exit, so that LeakSanitizer looks at what the cases left behind
  }
  ::close(fds[1]);
  w.pid = pid;
  w.fd = fds[0];
  w.buffer.clear();
  w.running.reset();
}

std::string sanitize(std::string s) {
  for (auto& c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_')) c = '_';
  return s;
}

std::vector<std::size_t> prefix_lengths(std::size_t n, int max_prefixes) {
  std::vector<std::size_t> out;
  const auto limit = static_cast<std::size_t>(std::max(max_prefixes, 1));
  if (n < limit) {  // n + 1 prefixes, the empty one included
    for (std::size_t i = 0; i <= n; ++i) out.push_back(i);
    return out;
  }
  // The ends are where a truncated header or a missing closing brace shows first: try them all.
  const std::size_t edge = std::min<std::size_t>(200, limit / 4);
  for (std::size_t i = 0; i <= edge; ++i) out.push_back(i);
  std::size_t budget = limit > 2 * edge + 2 ? limit - (2 * edge + 2) : 1;
  std::size_t span = n - 2 * edge;
  std::size_t stride = (span + budget - 1) / budget;
  for (std::size_t i = edge + stride; i < n - edge; i += stride) out.push_back(i);
  for (std::size_t i = n - edge; i <= n; ++i) out.push_back(i);
  return out;
}

int usage() {
  std::cerr << "usage: robustness SOURCE_DIR [--jobs N] [--mutations N] [--max-prefixes N] [--seed S]\n"
               "                  [--case-timeout SECONDS] [--save DIR] [--only SUBSTRING] [--list]\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  std::vector<std::string> args(argv + 1, argv + argc);
  for (std::size_t i = 0; i < args.size(); ++i) {
    auto value = [&]() -> std::string {
      if (i + 1 >= args.size()) {
        std::cerr << "robustness: " << args[i] << " needs a value\n";
        std::exit(usage());
      }
      return args[++i];
    };
    if (args[i] == "--jobs") o.jobs = std::max(1, std::stoi(value()));
    else if (args[i] == "--mutations") o.mutations = std::max(0, std::stoi(value()));
    else if (args[i] == "--max-prefixes") o.max_prefixes = std::max(0, std::stoi(value()));
    else if (args[i] == "--seed") o.seed = std::stoull(value());
    else if (args[i] == "--case-timeout") o.case_timeout = std::stod(value());
    else if (args[i] == "--save") o.save_dir = value();
    else if (args[i] == "--only") o.only = value();
    else if (args[i] == "--list") o.list = true;
    else if (!args[i].empty() && args[i][0] == '-') return usage();
    else if (o.source_dir.empty()) o.source_dir = args[i];
    else return usage();
  }
  if (o.source_dir.empty()) return usage();

  std::vector<File> files;
  fs::path root = fs::absolute(o.source_dir).lexically_normal();
  for (const char* dir : {"tests/golden/good", "policies"}) {
    fs::path d = root / dir;
    if (!fs::is_directory(d)) {
      std::cerr << "robustness: no folder " << d << "\n";
      return 2;
    }
    for (const auto& e : fs::recursive_directory_iterator(d)) {
      if (!e.is_regular_file() || e.path().extension() != ".clx") continue;
      File f;
      f.path = e.path().lexically_normal().string();
      f.label = e.path().lexically_relative(root).string();
      if (!o.only.empty() && f.label.find(o.only) == std::string::npos) continue;
      std::string error;
      if (!read_disk(f.path, f.text, error)) {
        std::cerr << "robustness: cannot read " << f.path << ": " << error << "\n";
        return 2;
      }
      files.push_back(std::move(f));
    }
  }
  std::sort(files.begin(), files.end(), [](const File& a, const File& b) { return a.label < b.label; });
  if (files.empty()) {
    std::cerr << "robustness: no .clx files found under " << root << "\n";
    return 2;
  }

  std::vector<Case> cases;
  for (std::size_t i = 0; i < files.size(); ++i) {
    files[i].prefixes = prefix_lengths(files[i].text.size(), o.max_prefixes);
    for (auto n : files[i].prefixes) cases.push_back({i, true, n});
    for (int k = 0; k < o.mutations; ++k) cases.push_back({i, false, static_cast<std::size_t>(k)});
    std::cout << files[i].label << ": " << files[i].text.size() << " bytes, " << files[i].prefixes.size()
              << " prefixes, " << o.mutations << " mutations\n";
  }
  std::cout << cases.size() << " cases in " << o.jobs << " worker process(es), seed " << o.seed << "\n" << std::flush;
  if (o.list) return 0;

  auto start = std::chrono::steady_clock::now();
  std::vector<Worker> workers(static_cast<std::size_t>(o.jobs));
  for (std::size_t i = 0; i < cases.size(); ++i) workers[i % workers.size()].queue.push_back(i);
  for (auto& w : workers)
    if (!w.queue.empty()) spawn(w, o, files, cases);

  std::size_t passed = 0, failed = 0;
  std::vector<std::string> failures;
  auto fail = [&](std::size_t i, const std::string& why) {
    ++failed;
    const Case& c = cases[i];
    const File& f = files[c.file];
    std::string what;
    std::string text = make_case(o, f, c, what);
    std::string saved;
    std::error_code ec;
    fs::create_directories(o.save_dir, ec);
    if (!ec) {
      saved = (fs::path(o.save_dir) / (sanitize(f.label) + "." + (c.prefix ? "prefix" : "mutation") + "-" +
                                       std::to_string(c.param) + ".clx")).string();
      std::ofstream(saved, std::ios::binary) << text;
    }
    std::string line = "FAIL " + f.label + " [" + what + "]: " + why + (saved.empty() ? "" : " (input saved to " + saved + ")");
    std::cout << line << "\n" << std::flush;
    failures.push_back(line);
  };

  for (;;) {
    std::vector<pollfd> polls;
    std::vector<Worker*> owners;
    for (auto& w : workers)
      if (w.fd >= 0) {
        polls.push_back({w.fd, POLLIN, 0});
        owners.push_back(&w);
      }
    if (polls.empty()) break;
    ::poll(polls.data(), polls.size(), 500);
    auto now = std::chrono::steady_clock::now();
    for (std::size_t k = 0; k < polls.size(); ++k) {
      Worker& w = *owners[k];
      bool ended = false;
      if (polls[k].revents & (POLLIN | POLLHUP | POLLERR)) {
        char buf[4096];
        ssize_t n = ::read(w.fd, buf, sizeof buf);
        if (n > 0) {
          w.buffer.append(buf, static_cast<std::size_t>(n));
        } else if (n == 0 || errno != EINTR) {
          ended = true;
        }
        for (std::size_t nl; (nl = w.buffer.find('\n')) != std::string::npos;) {
          std::string line = w.buffer.substr(0, nl);
          w.buffer.erase(0, nl + 1);
          std::istringstream in(line);
          char tag = 0;
          std::size_t i = 0;
          in >> tag >> i;
          if (tag == 'S') {
            w.running = i;
            w.started = now;
          } else if (tag == 'D') {
            std::string status;
            in >> status;
            std::string rest;
            std::getline(in, rest);
            if (status == "ok") ++passed;
            else fail(i, rest.empty() ? "failed" : rest.substr(1));
            w.running.reset();
            ++w.next;
          }
        }
      }
      bool hung = w.running && now - w.started > std::chrono::duration<double>(o.case_timeout);
      if (hung) ::kill(w.pid, SIGKILL);
      if (!ended && !hung) continue;
      ::close(w.fd);
      w.fd = -1;
      int status = 0;
      ::waitpid(w.pid, &status, 0);
      if (w.running) {  // the case it was running killed it, or hung
        std::string why = hung ? "no result after " + std::to_string(o.case_timeout) + " s (a hang?)"
                        : WIFSIGNALED(status) ? std::string("crashed with signal ") + strsignal(WTERMSIG(status))
                                              : "the worker exited with status " + std::to_string(WEXITSTATUS(status));
        fail(*w.running, why);
        ++w.next;
        w.running.reset();
      } else if (w.next < w.queue.size()) {
        fail(w.queue[w.next], "the worker died between cases (status " + std::to_string(status) + ")");
        ++w.next;
      } else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        // All its cases passed, but the worker failed on the way out: a LeakSanitizer report
        // (printed above), or a crash in a destructor of static data.
        ++failed;
        std::string line = "FAIL worker " + std::to_string(w.pid) + " ended with " +
                           (WIFSIGNALED(status) ? std::string("signal ") + strsignal(WTERMSIG(status))
                                                : "exit status " + std::to_string(WEXITSTATUS(status))) +
                           " after its last case (see the report above)";
        std::cout << line << "\n" << std::flush;
        failures.push_back(line);
      }
      if (w.next < w.queue.size()) spawn(w, o, files, cases);  // a fresh worker for the rest
    }
  }

  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "\n" << cases.size() << " cases in " << static_cast<int>(seconds + 0.5) << " s\n";
  if (!failures.empty()) {
    std::cout << "failures:\n";
    for (const auto& f : failures) std::cout << "  " << f << "\n";
  }
  std::cout << passed << " passed, " << failed << " failed\n";
  return failed == 0 && passed == cases.size() ? 0 : 1;
}
