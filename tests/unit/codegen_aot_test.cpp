// Ahead of time (`credlex build`): objects and shared libraries on the real file system, the C
// header compiled by the system C compiler, the SHA-256 identity and --verify-artifact, and that
// every failure is a plain message with nothing left behind.
#include <dlfcn.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli.h"
#include "compiler/codegen/abi.h"
#include "compiler/codegen/aot.h"

namespace fs = std::filesystem;
using credlex::testing::has;
using credlex::testing::read_file;
using credlex::testing::run_system;

namespace {


void spit(const fs::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }

// A fresh folder holding the semantics examples (semantics.clx uses basic.clx), removed at the end.
struct Workspace {
  fs::path dir;
  Workspace() {
    static int counter = 0;
    dir = fs::temp_directory_path() / ("credlex-aot-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::remove_all(dir);
    fs::create_directories(dir);
    fs::copy_file(fs::path(CREDLEX_SOURCE_DIR) / "docs/examples/semantics.clx", dir / "semantics.clx");
    fs::copy_file(fs::path(CREDLEX_SOURCE_DIR) / "docs/examples/basic.clx", dir / "basic.clx");
  }
  ~Workspace() { fs::remove_all(dir); }
  std::string operator/(const std::string& name) const { return (dir / name).string(); }
  std::vector<std::string> files() const {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
  }
};

const std::vector<std::string> kSources = {"basic.clx", "semantics.clx"};

bool have_cc() { return std::system("cc --version >/dev/null 2>&1") == 0; }

// Changes one byte of a file (a letter of its first comment).
void change_one_byte(const std::string& path) {
  std::string text = read_file(path);
  auto at = text.find("//") + 3;
  text[at] = text[at] == 'x' ? 'y' : 'x';
  spit(path, text);
}

struct EnvGuard {  // sets an environment variable for one test
  std::string name, old;
  bool had;
  EnvGuard(std::string n, const std::string& value) : name(std::move(n)), had(std::getenv(name.c_str()) != nullptr) {
    if (had) old = std::getenv(name.c_str());
    ::setenv(name.c_str(), value.c_str(), 1);
  }
  ~EnvGuard() { had ? (void)::setenv(name.c_str(), old.c_str(), 1) : (void)::unsetenv(name.c_str()); }
};

}  // namespace

TEST_CASE("SHA-256 of bytes and of a policy's files", "[codegen][aot]") {
  using credlex::codegen::sha256_hex;
  using credlex::codegen::sources_sha256;
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  // Sorted by path; each as path NUL length NUL bytes.
  std::string expected = sha256_hex(std::string("a.clx\0" "3\0" "abc" "lib/b.clx\0" "1\0" "x", 24));
  CHECK(sources_sha256({{"lib/b.clx", "x"}, {"a.clx", "abc"}}) == expected);
  CHECK(sources_sha256({{"a.clx", "abc"}, {"lib/b.clx", "x"}}) == expected);
  // The length keeps file boundaries: moving a byte from one file to the next changes the hash.
  CHECK(sources_sha256({{"a.clx", "ab"}, {"lib/b.clx", "cx"}}) != expected);
}

TEST_CASE("default prefix and prefix checks", "[codegen][aot]") {
  credlex::ir::Policy p;
  p.name = "spc_judgment-defaulters";
  CHECK(credlex::codegen::default_prefix(p) == "credlex_spc_judgment_defaulters");
  CHECK(credlex::codegen::valid_prefix("spc_2017"));
  CHECK(credlex::codegen::valid_prefix("_x"));
  CHECK_FALSE(credlex::codegen::valid_prefix(""));
  CHECK_FALSE(credlex::codegen::valid_prefix("2017spc"));
  CHECK_FALSE(credlex::codegen::valid_prefix("spc-2017"));
}

TEST_CASE("build --emit obj writes an ELF relocatable object and the header", "[codegen][aot]") {
  Workspace w;
  auto r = run_system({"build", w / "semantics.clx", "--emit", "obj", "-o", w / "policy.o", "--header", w / "policy.h"});
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(has(r.out, "policy.o"));
  std::string object = read_file(w / "policy.o");
  REQUIRE(object.size() > 64);
  CHECK(object.substr(0, 4) == "\x7f" "ELF");
  CHECK(object[4] == 2);   // 64-bit
  CHECK(object[16] == 1);  // ET_REL (little-endian x86-64 / aarch64)
  CHECK(w.files() == std::vector<std::string>{"basic.clx", "policy.h", "policy.o", "semantics.clx"});

  std::string header = read_file(w / "policy.h");
  CHECK(has(header, "#ifndef CREDLEX_SEMANTICS_EXAMPLES_H"));
  CHECK(has(header, "extern \"C\""));
  CHECK(has(header, "int32_t credlex_semantics_examples_run(const clx_history *h, const clx_calendar *cal, clx_timeline *out);"));
  CHECK(has(header, "const clx_policy_info *credlex_semantics_examples_info(void);"));
  CHECK(has(header, "#define CREDLEX_SEMANTICS_EXAMPLES_POLICY_NAME \"semantics_examples\""));
  CHECK(has(header, "#define CREDLEX_SEMANTICS_EXAMPLES_POLICY_VERSION \"1\""));
  CHECK(has(header, "#define CLX_ABI_VERSION " + std::to_string(CLX_ABI_VERSION)));
  CHECK(has(header, "CREDLEX_SEMANTICS_EXAMPLES_LIST_DEFAULTERS = 0,"));
  CHECK(has(header, "CREDLEX_SEMANTICS_EXAMPLES_EVENT_FINDING = 0,"));
  CHECK(has(header, "CREDLEX_SEMANTICS_EXAMPLES_FIELD_FINDING_GROUND = 1,"));
  CHECK(has(header, "CREDLEX_SEMANTICS_EXAMPLES_CHOICE_GROUND_OBSTRUCTION = 1,"));
  CHECK(has(header, "CREDLEX_SEMANTICS_EXAMPLES_ATTR_PERSON_BIRTH_DATE = 0,"));
  CHECK(has(header, "typedef struct clx_calendar {"));
  CHECK_FALSE(has(header, "#include \"credlex/"));
  std::string hash = credlex::codegen::sha256_hex(read_file(w / "semantics.clx"));
  CHECK(has(header, "#define CREDLEX_SEMANTICS_EXAMPLES_SOURCE_SHA256 \"" + hash + "\""));
  CHECK(has(header, "#define CREDLEX_SEMANTICS_EXAMPLES_SOURCES_SHA256 \"" +
                        credlex::codegen::sources_sha256({{"semantics.clx", read_file(w / "semantics.clx")}, {"basic.clx", read_file(w / "basic.clx")}}) +
                        "\""));
}

TEST_CASE("the generated header compiles alone, twice, and with another policy's, in C and C++", "[codegen][aot]") {
  if (!have_cc()) {
    WARN("no C compiler `cc` on PATH: the header is not compiled");
    return;
  }
  Workspace w;
  REQUIRE(run_system({"build", w / "semantics.clx", "--emit", "obj", "-o", w / "a.o", "--header", w / "a.h"}).code == 0);
  REQUIRE(run_system({"build", w / "semantics.clx", "--emit", "obj", "-o", w / "b.o", "--header", w / "b.h", "--prefix", "other"}).code == 0);
  spit(w / "use.c",
       "#include <string.h>\n#include \"a.h\"\n#include \"b.h\"\n#include \"a.h\"\n"
       "int main(void) {\n  clx_timeline t;\n  memset(&t, 0, sizeof t);\n"
       "  return t.status + CREDLEX_SEMANTICS_EXAMPLES_LIST_DEFAULTERS + OTHER_COUNT_LISTS - 1;\n}\n");
  std::string flags = " -Wall -Wextra -Werror -fsyntax-only ";
  CHECK(std::system(("cc -std=c99 -pedantic" + flags + w / "use.c").c_str()) == 0);
  CHECK(std::system(("cc -std=c11 -pedantic" + flags + w / "use.c").c_str()) == 0);
  CHECK(std::system(("c++ -std=c++17 -x c++" + flags + w / "use.c").c_str()) == 0);
}

TEST_CASE("build --emit shared: the library loads and says what it was built from", "[codegen][aot]") {
  if (!have_cc()) {
    WARN("no C compiler `cc` on PATH: no shared library");
    return;
  }
  Workspace w;
  auto r = run_system({"build", w / "semantics.clx", "--emit=shared", "--output", w / "libpolicy.so"});
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(w.files() == std::vector<std::string>{"basic.clx", "libpolicy.so", "semantics.clx"});
  void* lib = ::dlopen((w / "libpolicy.so").c_str(), RTLD_LOCAL | RTLD_NOW);
  INFO((lib ? "" : ::dlerror()));
  REQUIRE(lib);
  auto info = reinterpret_cast<clx_info_fn>(::dlsym(lib, "credlex_semantics_examples_info"));
  REQUIRE(info);
  CHECK(::dlsym(lib, "credlex_semantics_examples_run"));
  CHECK(::dlsym(lib, "credlex_semantics_examples_run_batch"));
  CHECK(::dlsym(lib, "credlex_semantics_examples_timeline_free"));
  CHECK_FALSE(::dlsym(lib, "clx_add_days"));  // the runtime is private to the library
  const clx_policy_info* i = info();
  CHECK(i->abi_version == CLX_ABI_VERSION);
  CHECK(std::string(i->name) == "semantics_examples");
  CHECK(std::string(i->version) == "1");
  CHECK(std::string(i->source_sha256) == credlex::codegen::sha256_hex(read_file(w / "semantics.clx")));
  CHECK(std::string(i->sources_sha256) ==
        credlex::codegen::sources_sha256({{"semantics.clx", read_file(w / "semantics.clx")}, {"basic.clx", read_file(w / "basic.clx")}}));
  ::dlclose(lib);
}

TEST_CASE("build --verify-artifact: a match, then a mismatch after one byte of the policy or of a used file", "[codegen][aot]") {
  if (!have_cc()) {
    WARN("no C compiler `cc` on PATH: no shared library");
    return;
  }
  Workspace w;
  REQUIRE(run_system({"build", w / "semantics.clx", "--emit", "shared", "-o", w / "libpolicy.so"}).code == 0);
  auto same = run_system({"build", "--verify-artifact", w / "libpolicy.so", w / "semantics.clx"});
  INFO(same.out << same.err);
  CHECK(same.code == 0);
  CHECK(has(same.out, "MATCH"));
  CHECK_FALSE(has(same.out, "DIFFERENT"));

  SECTION("the main file") {
    change_one_byte(w / "semantics.clx");
    auto r = run_system({"build", "--verify-artifact", w / "libpolicy.so", w / "semantics.clx"});
    INFO(r.out << r.err);
    CHECK(r.code == 1);
    CHECK(has(r.out, "same       policy name: semantics_examples"));
    CHECK(has(r.out, "DIFFERENT  SHA-256 of the main file"));
    CHECK(has(r.out, "DIFFERENT  SHA-256 of all its files"));
    CHECK(has(r.out, "MISMATCH"));
  }
  SECTION("a used file") {
    change_one_byte(w / "basic.clx");
    auto r = run_system({"build", "--verify-artifact", w / "libpolicy.so", w / "semantics.clx"});
    INFO(r.out << r.err);
    CHECK(r.code == 1);
    CHECK(has(r.out, "same       SHA-256 of the main file"));
    CHECK(has(r.out, "DIFFERENT  SHA-256 of all its files"));
  }
  SECTION("another prefix") {
    auto r = run_system({"build", "--verify-artifact", w / "libpolicy.so", w / "semantics.clx", "--prefix", "other"});
    CHECK(r.code == 1);
    CHECK(has(r.out, "has no function `other_info`"));
  }
}

TEST_CASE("build --verify-artifact on what is not a shared library", "[codegen][aot]") {
  Workspace w;
  auto missing = run_system({"build", "--verify-artifact", w / "nothing.so", w / "semantics.clx"});
  CHECK(missing.code == 2);
  CHECK(has(missing.err, "cannot check"));
  CHECK(has(missing.err, "no such file"));
  spit(w / "text.so", "not a library at all, just some text");
  auto text = run_system({"build", "--verify-artifact", w / "text.so", w / "semantics.clx"});
  CHECK(text.code == 2);
  CHECK(has(text.err, "it is not a shared library"));
  REQUIRE(run_system({"build", w / "semantics.clx", "--emit", "obj", "-o", w / "policy.o"}).code == 0);
  auto object = run_system({"build", "--verify-artifact", w / "policy.o", w / "semantics.clx"});
  CHECK(object.code == 2);
  CHECK(has(object.err, "object files cannot be loaded"));
  auto no_policy = run_system({"build", "--verify-artifact", w / "policy.o", w / "missing.clx"});
  CHECK(no_policy.code == 2);
}

TEST_CASE("build: bad command lines and bad paths are plain errors, and nothing is left behind", "[codegen][aot]") {
  Workspace w;
  const auto before = w.files();
  auto policy = w / "semantics.clx";
  struct Case {
    std::vector<std::string> args;
    int code;
    std::string message;
  };
  std::vector<Case> cases = {
      {{"build"}, 2, "a policy file is required"},
      {{"build", policy}, 2, "--emit obj|shared is required"},
      {{"build", policy, "--emit", "obj"}, 2, "-o FILE is required"},
      {{"build", policy, "--emit", "exe", "-o", w / "x"}, 2, "--emit must be `obj` or `shared`, not `exe`"},
      {{"build", policy, "--emit", "obj", "-o"}, 2, "-o needs a value"},
      {{"build", policy, "--emit", "obj", "-o", w / "x.o", "--output", w / "y.o"}, 2, "--output (-o) is given twice"},
      {{"build", policy, "--emit", "obj", "--emit", "shared", "-o", w / "x.o"}, 2, "--emit is given twice"},
      {{"build", policy, "--emit", "obj", "-o", w / "x.o", "--frobnicate"}, 2, "unknown option `--frobnicate`"},
      {{"build", policy, policy, "--emit", "obj", "-o", w / "x.o"}, 2, "one policy at a time"},
      {{"build", "--verify-artifact", w / "x.so", policy, "-o", w / "x.o"}, 2, "cannot be combined"},
      {{"build", w / "missing.clx", "--emit", "obj", "-o", w / "x.o"}, 2, "nothing was built"},
      {{"build", policy, "--emit", "obj", "-o", w / "no/such/folder/x.o"}, 2, "the folder"},
      {{"build", policy, "--emit", "obj", "-o", w.dir.string()}, 2, "is a folder"},
      {{"build", policy, "--emit", "obj", "-o", w / "x.o", "--header", w / "no/such/folder/x.h"}, 2, "does not exist"},
      {{"build", policy, "--emit", "obj", "-o", w / "x.o", "--header", w / "x.o"}, 2, "cannot be the same file"},
      {{"build", policy, "--emit", "obj", "-o", w / "x.o", "--prefix", "9lives"}, 2, "cannot start a C name"},
  };
  for (const auto& c : cases) {
    auto r = run_system(c.args);
    std::string command;
    for (const auto& a : c.args) command += a + " ";
    INFO(command << "\n" << r.err);
    CHECK(r.code == c.code);
    CHECK(has(r.err, c.message));
    CHECK(w.files() == before);
  }
  auto help = run_system({"build", "--help"});
  CHECK(help.code == 0);
  CHECK(has(help.out, "--verify-artifact LIB"));
}

TEST_CASE("build: a policy with errors builds nothing", "[codegen][aot]") {
  Workspace w;
  spit(w / "semantics.clx", read_file(w / "semantics.clx") + "\nlist broken of Nobody { }\n");
  auto r = run_system({"build", w / "semantics.clx", "--emit", "obj", "-o", w / "x.o", "--header", w / "x.h"});
  CHECK(r.code == 1);
  CHECK(has(r.err, "the policy has errors, so nothing was built"));
  CHECK(w.files() == kSources);
}

TEST_CASE("build --emit shared without a C compiler: a plain reason, nothing left behind", "[codegen][aot]") {
  Workspace w;
  EnvGuard path("PATH", "/nonexistent-credlex-test");
  auto r = run_system({"build", w / "semantics.clx", "--emit", "shared", "-o", w / "libpolicy.so", "--header", w / "policy.h"});
  CHECK(r.code == 2);
  CHECK(has(r.err, "cannot find the C compiler `cc`"));
  CHECK(has(r.err, "nothing was written"));
  CHECK(w.files() == kSources);
}

TEST_CASE("credlex test --backend aot: the tests on the ahead-of-time library, its folder removed after", "[codegen][aot]") {
  if (!have_cc()) {
    WARN("no C compiler `cc` on PATH: no shared library");
    return;
  }
  Workspace w;
  fs::create_directory(w.dir / "tmp");
  EnvGuard tmpdir("TMPDIR", w / "tmp");  // the backend's temporary folder goes there
  auto r = run_system({"test", "--backend", "aot", w / "semantics.clx"});
  INFO(r.out << r.err);
  CHECK(r.code == 0);
  CHECK(has(r.out, " passed, 0 failed"));
  CHECK(fs::is_empty(w.dir / "tmp"));
  EnvGuard path("PATH", "/nonexistent-credlex-test");
  auto no_cc = run_system({"test", "--backend", "aot", w / "semantics.clx"});
  CHECK(no_cc.code != 0);
  CHECK(has(no_cc.out, "the policy could not be compiled: cannot find the C compiler `cc`"));
}
