// Hostile course folders against the real `kindly validate`: each gets a clear diagnostic and
// a non-zero exit, quickly and in bounded memory, and nothing hangs. The bounds (10 s wall,
// 200 MB resident) are hang and blow-up detectors, generous so a loaded machine or a
// sanitizer build stays green; docs/reliability.md has the measured figures.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

extern char** environ;

namespace fs = std::filesystem;

namespace {

struct Outcome {
  int exit_code = -1;
  std::string out;
  double seconds = 0;
  long max_rss_kb = 0;
};

// Runs the built kindly with `args`, stdout+stderr captured, and measures it.
Outcome run_kindly(const std::vector<std::string>& args) {
  fs::path out_file = fs::temp_directory_path() / ("kindly-hostile-" + std::to_string(getpid()));
  std::vector<std::string> all{KINDLY_BIN};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);

  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_adddup2(&fa, 1, 2);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  auto start = std::chrono::steady_clock::now();
  pid_t pid = 0;
  int rc = posix_spawn(&pid, argv[0], &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  REQUIRE(rc == 0);

  Outcome o;
  int status = 0;
  struct rusage ru {};
  // Poll so that a hang becomes a failure instead of a stuck test run.
  for (;;) {
    pid_t done = wait4(pid, &status, WNOHANG, &ru);
    if (done == pid) break;
    if (std::chrono::steady_clock::now() - start > std::chrono::seconds(30)) {
      kill(pid, SIGKILL);
      wait4(pid, &status, 0, &ru);
      FAIL("kindly did not finish within 30 s: it hangs");
    }
    usleep(5000);
  }
  o.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  o.max_rss_kb = ru.ru_maxrss;
  o.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  std::ifstream in(out_file);
  o.out.assign(std::istreambuf_iterator<char>(in), {});
  fs::remove(out_file);
  return o;
}

class Folder {
 public:
  Folder() {
    std::string tmpl = (fs::temp_directory_path() / "kindly-hostile-XXXXXX").string();
    REQUIRE(mkdtemp(tmpl.data()));
    path_ = tmpl;
    fs::copy(fs::path(KINDLY_TEST_DATA) / "good/tiny", path_ / "c", fs::copy_options::recursive);
  }
  ~Folder() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  fs::path course() const { return path_ / "c"; }
  fs::path root() const { return path_; }
  void write(const std::string& rel, const std::string& text) const {
    std::ofstream(course() / rel, std::ios::binary | std::ios::trunc) << text;
  }

 private:
  fs::path path_;
};

void expect_refused(const Outcome& o, const std::string& code) {
  INFO("output: " << o.out.substr(0, 2000));
  CHECK(o.exit_code == 1);
  CHECK(o.out.find("error[" + code + "]") != std::string::npos);
  CHECK(o.seconds < 10.0);
  CHECK(o.max_rss_kb < 200 * 1024);
}

std::string alias_bomb() {
  std::string s =
      "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
  for (char c = 'b'; c <= 'i'; ++c) {
    std::string p(1, static_cast<char>(c - 1));
    s += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 9; ++i) s += (i ? ",*" : "*") + p;
    s += "]\n";
  }
  return s;
}

}  // namespace

TEST_CASE("hostile course: an empty folder") {
  Folder f;
  fs::create_directory(f.root() / "empty");
  expect_refused(run_kindly({"validate", (f.root() / "empty").string()}), "K019");
}

TEST_CASE("hostile course: a binary course.yaml") {
  Folder f;
  std::string bytes;
  for (int i = 0; i < 4096; ++i) bytes += static_cast<char>((i * 7919) & 0xFF);
  f.write("course.yaml", bytes);
  expect_refused(run_kindly({"validate", f.course().string()}), "K011");
}

TEST_CASE("hostile course: a 50 MiB module file") {
  Folder f;
  fs::resize_file(f.course() / "weeks/two.yaml", 50u << 20);  // sparse, fast to make
  expect_refused(run_kindly({"validate", f.course().string()}), "K015");
}

TEST_CASE("hostile course: 10,000 levels of nesting") {
  Folder f;
  f.write("weeks/two.yaml", "items: " + std::string(10000, '[') + std::string(10000, ']') + "\n");
  expect_refused(run_kindly({"validate", f.course().string()}), "K014");
}

TEST_CASE("hostile course: 10,000 levels of block nesting") {
  Folder f;
  std::string deep;
  for (int i = 0; i < 10000; ++i) deep += std::string(static_cast<std::size_t>(i), ' ') + "k:\n";
  f.write("weeks/two.yaml", deep.substr(0, 900000));
  Outcome o = run_kindly({"validate", f.course().string()});
  CHECK(o.exit_code == 1);
  CHECK(o.seconds < 10.0);
}

TEST_CASE("hostile course: an alias bomb") {
  Folder f;
  f.write("weeks/two.yaml", alias_bomb());
  expect_refused(run_kindly({"validate", f.course().string()}), "K013");
}

TEST_CASE("hostile course: a self-referencing alias") {
  Folder f;
  f.write("weeks/two.yaml", "a: &a [*a]\n");
  expect_refused(run_kindly({"validate", f.course().string()}), "K013");
}

TEST_CASE("hostile course: invalid UTF-8") {
  Folder f;
  f.write("resources.yaml", "title: \xC3\x28 broken\n");
  expect_refused(run_kindly({"validate", f.course().string()}), "K011");
}

TEST_CASE("hostile course: a BOM and CRLF line ends are fine") {
  Folder f;
  for (const char* rel : {"course.yaml", "weeks/one.yaml", "practices/feet.yaml"}) {
    std::ifstream in(f.course() / rel, std::ios::binary);
    std::string text(std::istreambuf_iterator<char>(in), {}), crlf = "\xEF\xBB\xBF";
    for (char c : text) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
    f.write(rel, crlf);
  }
  Outcome o = run_kindly({"validate", "--strict", f.course().string()});
  INFO(o.out);
  CHECK(o.exit_code == 0);
  Outcome outline = run_kindly({"--course", f.course().string(), "course"});
  CHECK(outline.out.find("Week 1: Beginning — Starting gently\n") != std::string::npos);
}

TEST_CASE("hostile course: a symlink loop in the folder") {
  Folder f;
  fs::create_directory_symlink(".", f.course() / "practices/again");
  fs::create_symlink("loop-b.md", f.course() / "readings/loop-a.md");
  fs::create_symlink("loop-a.md", f.course() / "readings/loop-b.md");
  f.write("weeks/two.yaml",
          "id: week-2\nnumber: 2\ntitle: T\nreading_file: readings/loop-a.md\nitems:\n"
          "  - {id: w2-task, kind: homework, title: T, target: {task: true}}\n");
  expect_refused(run_kindly({"validate", f.course().string()}), "K012");
}

TEST_CASE("hostile course: paths out of the folder") {
  Folder f;
  f.write("weeks/two.yaml",
          "id: week-2\nnumber: 2\ntitle: T\nreading_file: ../../../../etc/passwd\nitems:\n"
          "  - {id: w2-task, kind: homework, title: T, target: {task: true}}\n");
  expect_refused(run_kindly({"validate", f.course().string()}), "K012");
  Folder g;
  fs::remove(g.course() / "practices/feet.yaml");
  fs::create_symlink("/dev/zero", g.course() / "practices/feet.yaml");
  expect_refused(run_kindly({"validate", g.course().string()}), "K012");
}

TEST_CASE("hostile course: a FIFO where a file should be does not block") {
  Folder f;
  fs::remove(f.course() / "readings/two.md");
  REQUIRE(mkfifo((f.course() / "readings/two.md").c_str(), 0600) == 0);
  expect_refused(run_kindly({"validate", f.course().string()}), "K010");
}
