// Rotating file log in the XDG state folder. See logging.h for what may be logged.
#include "kindly/logging.h"

#include <spdlog/sinks/null_sink.h>
#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <vector>

#include "kindly/paths.h"

namespace kindly {

namespace fs = std::filesystem;

fs::path default_log_dir() {
  return resolve_paths(Environment::from_process()).state_dir;
}

fs::path init_logging(const fs::path& dir, bool also_stderr) {
  std::vector<spdlog::sink_ptr> sinks;
  fs::path file;
  std::error_code ec;
  if (!dir.empty() && (fs::create_directories(dir, ec), fs::is_directory(dir, ec))) {
    ::chmod(dir.c_str(), 0700);
    file = dir / "kindly.log";
    try {
      sinks.push_back(
          std::make_shared<spdlog::sinks::rotating_file_sink_mt>(file.string(), 1024 * 1024, 3));
      ::chmod(file.c_str(), 0600);
    } catch (const spdlog::spdlog_ex&) {
      file.clear();
    }
  }
  if (also_stderr) sinks.push_back(std::make_shared<spdlog::sinks::stderr_sink_mt>());
  if (sinks.empty()) sinks.push_back(std::make_shared<spdlog::sinks::null_sink_mt>());
  auto logger = std::make_shared<spdlog::logger>("kindly", sinks.begin(), sinks.end());
  logger->set_pattern("%Y-%m-%d %H:%M:%S.%e %l %v");
  logger->flush_on(spdlog::level::warn);
  spdlog::set_default_logger(logger);
  return file;
}

}  // namespace kindly
