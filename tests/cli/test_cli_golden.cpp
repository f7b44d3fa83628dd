// The golden transcript: tests/golden/eight-weeks.script run through the real `kindly`
// binary (KINDLY_BIN) with KINDLY_NOW per step, compared with tests/golden/eight-weeks.txt.
// After every command the transcript records the state of every week (from status --json).
// Set KINDLY_UPDATE_GOLDEN=1 to rewrite the expected file after a deliberate change.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

const std::string kGolden = std::string(KINDLY_TEST_DATA) + "/../golden";
const std::string kCourse = std::string(KINDLY_TEST_DATA) + "/courses/eight-weeks";

struct Output {
  int code = -1;
  std::string out, err;
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class Dir {
 public:
  Dir() {
    std::string tmpl = (fs::temp_directory_path() / "kindly-golden-XXXXXX").string();
    REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
    path_ = tmpl;
  }
  ~Dir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// Runs the kindly binary with `args`, KINDLY_NOW=now and TZ=Europe/London.
Output run_bin(const std::vector<std::string>& args, const std::string& now, const fs::path& tmp,
               const std::string& course = kCourse) {
  const fs::path out_file = tmp / "stdout", err_file = tmp / "stderr";
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    int o = ::open(out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int e = ::open(err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int in = ::open("/dev/null", O_RDONLY);
    if (o < 0 || e < 0 || in < 0) _exit(120);
    ::dup2(o, 1);
    ::dup2(e, 2);
    ::dup2(in, 0);
    ::setenv("KINDLY_NOW", now.c_str(), 1);
    ::setenv("TZ", "Europe/London", 1);
    ::unsetenv("KINDLY_DATA_DIR");
    ::unsetenv("KINDLY_COURSE");
    std::vector<std::string> full{KINDLY_BIN, "--course", course, "--data-dir",
                                  (tmp / "data").string()};
    full.insert(full.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : full) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(KINDLY_BIN, argv.data());
    _exit(121);
  }
  int status = 0;
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  REQUIRE(WIFEXITED(status));
  return {WEXITSTATUS(status), slurp(out_file), slurp(err_file)};
}

std::vector<std::string> split_args(const std::string& s) {
  std::vector<std::string> out;
  std::string cur;
  bool quoted = false, any = false;
  for (char c : s) {
    if (c == '"') {
      quoted = !quoted;
      any = true;
    } else if (c == ' ' && !quoted) {
      if (any) out.push_back(cur);
      cur.clear();
      any = false;
    } else {
      cur += c;
      any = true;
    }
  }
  if (any) out.push_back(cur);
  return out;
}

std::string state_line(const Output& status) {
  auto j = nlohmann::json::parse(status.out);
  std::string line = "=";
  for (const auto& w : j["weeks"]) {
    line += " " + std::to_string(w["number"].get<int>()) + ":" + w["state"].get<std::string>();
  }
  for (const auto& m : j["modules"]) {
    line += " " + m["id"].get<std::string>() + ":" + m["state"].get<std::string>();
  }
  line += "; current " + std::to_string(j["current_week"].get<int>());
  return line;
}

std::string indent_err(const std::string& err) {
  std::string out;
  std::istringstream in(err);
  std::string l;
  while (std::getline(in, l)) out += "! " + l + "\n";
  return out;
}

// Runs tests/golden/NAME.script against `course` and compares with NAME.txt.
void run_golden(const std::string& name, const std::string& course, int min_steps) {
  Dir tmp;
  std::ifstream script(kGolden + "/" + name + ".script");
  REQUIRE(script.good());
  std::string transcript, line;
  int steps = 0;
  while (std::getline(script, line)) {
    if (line.empty() || line[0] == '#') {
      if (line.rfind("# ", 0) == 0 && (line.find("Week") != std::string::npos ||
                                       (name != "eight-weeks" && line.back() == '.'))) {
        transcript += "\n" + line + "\n";
      }
      continue;
    }
    REQUIRE(line[0] == '@');
    const auto space = line.find(' ');
    const std::string now = line.substr(1, space - 1);
    const std::string rest = line.substr(space + 1);
    const Output o = run_bin(split_args(rest), now, tmp.path(), course);
    transcript += "\n$ kindly " + rest + "    [" + now + "]\n" + o.out + indent_err(o.err) +
                  "[exit " + std::to_string(o.code) + "]\n";
    const Output st = run_bin({"status", "--json"}, now, tmp.path(), course);
    REQUIRE(st.code == 0);
    transcript += state_line(st) + "\n";
    ++steps;
  }
  CHECK(steps > min_steps);
  const fs::path expected_path = kGolden + "/" + name + ".txt";
  const char* update = std::getenv("KINDLY_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream(expected_path, std::ios::binary) << transcript;
    MESSAGE("rewrote " << expected_path.string());
    return;
  }
  const std::string expected = slurp(expected_path);
  REQUIRE_MESSAGE(!expected.empty(),
                  "missing " << expected_path.string() << " (run with KINDLY_UPDATE_GOLDEN=1)");
  if (transcript != expected) {
    // Point at the first line that differs.
    std::istringstream a(transcript), b(expected);
    std::string la, lb;
    int n = 0;
    while (true) {
      ++n;
      const bool ea = !std::getline(a, la), eb = !std::getline(b, lb);
      if (ea && eb) break;
      if (ea || eb || la != lb) {
        FAIL_CHECK("transcript differs at line " << n << ":\n  expected: " << lb
                                                 << "\n  actual:   " << la);
        break;
      }
    }
    std::ofstream(fs::path(KINDLY_BIN).parent_path() / (name + ".actual.txt")) << transcript;
  }
  CHECK(transcript == expected);
}

// The eight-weeks course copied into `dir` with the bundled course's PHQ-9 and GAD-7 added.
std::string with_measures(const Dir& dir) {
  const fs::path course = dir.path() / "course";
  fs::copy(kCourse, course, fs::copy_options::recursive);
  fs::copy(fs::path(KINDLY_BUNDLED_COURSE) / "measures", course / "measures",
           fs::copy_options::recursive);
  std::ofstream(course / "course.yaml", std::ios::app)
      << "measures:\n  - measures/phq-9.yaml\n  - measures/gad-7.yaml\n";
  return course.string();
}

}  // namespace

TEST_CASE("golden: eight weeks through the CLI match tests/golden/eight-weeks.txt") {
  run_golden("eight-weeks", kCourse, 80);
}

// The eight-weeks course with the bundled course's PHQ-9 and GAD-7 added: the measures at the
// start, after weeks 4 and 8 (a safety rule firing), and the follow-ups at 30/90/180 days.
TEST_CASE("golden: the measures walk matches tests/golden/measures.txt") {
  Dir course_dir;
  run_golden("measures", with_measures(course_dir), 40);
}

// After the last week (issue 16, part 7): the same course with the questionnaires; a
// keep-practising plan, the whole course, week 1 beside week 8, the letter of learning, the
// follow-ups at one, three and six months (answered with a safety rule firing, skipped,
// answered) and the completion record.
TEST_CASE("golden: after the last week matches tests/golden/after.txt") {
  Dir course_dir;
  run_golden("after", with_measures(course_dir), 60);
}
