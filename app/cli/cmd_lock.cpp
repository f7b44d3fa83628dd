// `kindly lock set|change|remove|status`, and how every command gets the passphrase of a
// locked data folder (docs/cli.md, "The lock").
//
//   --passphrase-fd N / --recovery-key-fd N (global): read the secret from file descriptor N
//   (up to its end; one final newline is dropped, nothing else). Without them, on a terminal,
//   Kindly asks without echo; otherwise a locked folder is refused (R060).
#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cerrno>
#include <memory>
#include <ostream>

#include "cli.h"
#include "kindly/store.h"
#include "progress_cli.h"

namespace kindly::cli {

namespace {

namespace fs = std::filesystem;

// Reads fd `fd` to its end (at most 64 KiB); drops one final "\n".
std::optional<std::string> read_fd(int fd) {
  std::string out;
  char buf[4096];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return std::nullopt;
    if (n == 0) break;
    out.append(buf, static_cast<std::size_t>(n));
    if (out.size() > 65536) return std::nullopt;
  }
  if (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

// Asks on the terminal with echo off; nullopt when there is no terminal.
std::optional<std::string> ask_tty(const std::string& prompt) {
  if (::isatty(STDIN_FILENO) == 0) return std::nullopt;
  const int tty = ::open("/dev/tty", O_RDWR | O_CLOEXEC);
  if (tty < 0) return std::nullopt;
  (void)!::write(tty, prompt.data(), prompt.size());
  termios old{};
  const bool have = ::tcgetattr(tty, &old) == 0;
  if (have) {
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(tty, TCSAFLUSH, &quiet);
  }
  std::string line;
  char c = 0;
  while (::read(tty, &c, 1) == 1 && c != '\n') line += c;
  if (have) ::tcsetattr(tty, TCSAFLUSH, &old);
  (void)!::write(tty, "\n", 1);
  ::close(tty);
  return line;
}

struct Secrets {
  const GlobalOptions* global = nullptr;  // its fds are known once the command line is parsed
  int passphrase_fd = -1;
  int recovery_fd = -1;
  std::optional<std::string> passphrase;  // read once from its fd
  std::optional<std::string> recovery;
  bool read = false;
  void load() {
    if (read) return;
    read = true;
    passphrase_fd = global->passphrase_fd;
    recovery_fd = global->recovery_key_fd;
    if (recovery_fd >= 0) recovery = read_fd(recovery_fd);
    if (passphrase_fd >= 0) passphrase = read_fd(passphrase_fd);
  }
};

std::shared_ptr<Secrets> g_secrets;

std::optional<UnlockAnswer> answer(const fs::path& db, int attempt) {
  Secrets& s = *g_secrets;
  s.load();
  if (s.recovery)
    return attempt == 0 ? std::optional<UnlockAnswer>({*s.recovery, true}) : std::nullopt;
  if (s.passphrase)
    return attempt == 0 ? std::optional<UnlockAnswer>({*s.passphrase, false}) : std::nullopt;
  if (s.passphrase_fd >= 0 || s.recovery_fd >= 0) return std::nullopt;
  auto typed = ask_tty(attempt == 0 ? "Passphrase for " + db.string() + ": "
                                    : "That did not open it. Passphrase: ");
  if (!typed) return std::nullopt;
  return UnlockAnswer{*typed, false};
}

// A new passphrase: `given` (read from a file descriptor), or typed twice on the terminal.
Result<std::string> new_passphrase(const std::optional<std::string>& given) {
  std::optional<std::string> p = given;
  if (!p) {
    p = ask_tty("New passphrase: ");
    if (!p) {
      return Error::refused(RefusalCode::PassphraseNeeded, "no new passphrase was given",
                            "run it on a terminal, or give it with --passphrase-fd N (for lock "
                            "change: --new-passphrase-fd N)");
    }
    auto again = ask_tty("The same again: ");
    if (!again) again = std::string();
    if (auto c = check_new_passphrase(*p, &*again); !c) return c.error();
  }
  if (auto c = check_new_passphrase(*p); !c) return c.error();
  return *p;
}

std::string mib(std::size_t bytes) {
  return std::to_string(bytes / (1024 * 1024)) + " MiB";
}

Result<std::unique_ptr<Store>> open_store(const Context& ctx, bool skip_unlock, bool ro) {
  StoreOptions o;
  o.skip_unlock = skip_unlock;
  o.read_only = ro;
  return Store::open(resolve_data_dir(ctx.global), o);
}

// What stays as it was in the data folder after lock set, for its message: databases and
// recordings folders a restore moved aside (kept, never deleted, as restore promises). The
// voice recordings themselves are sealed by lock_set (kindly/recordings.h).
std::vector<std::string> still_plain(const fs::path& data_dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(data_dir, ec)) {
    const std::string name = e.path().filename().string();
    if (name.rfind(std::string(Store::kFileName) + ".before-restore-", 0) == 0 ||
        name.rfind("recordings.before-restore-", 0) == 0)
      out.push_back(e.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

int lock_set(const Context& ctx) {
  auto store = open_store(ctx, true, false);
  if (!store) return report(ctx, store.error());
  if (store.value()->lock_status().locked) {
    return report(ctx, Error::refused(RefusalCode::AlreadyLocked,
                                      store.value()->path().string() +
                                          " has a passphrase already; nothing was changed",
                                      "use `kindly lock change` to choose another"));
  }
  g_secrets->load();
  auto pass = new_passphrase(g_secrets->passphrase);
  if (!pass) return report(ctx, pass.error());
  Result<std::string> key = Error::data("");
  try {
    key = store.value()->lock_set(pass.value());
  } catch (const std::exception& e) {
    return report(ctx, Error::data(e.what(), store.value()->path().string()));
  }
  if (!key) return report(ctx, key.error());
  nlohmann::ordered_json removed = nlohmann::ordered_json::array();
  for (const auto& p : store.value()->removed_plain_copies()) removed.push_back(p.string());
  nlohmann::ordered_json j{
      {"locked", true}, {"recovery_key", key.value()}, {"removed_plain_copies", removed}};
  std::string text = "Your data in " + store.value()->path().string() +
                     " is now locked with your passphrase: everything you wrote is encrypted "
                     "on disk.\n\nYour recovery key, shown this once:\n\n    " +
                     key.value() +
                     "\n\nWrite it down on paper and keep it away from this computer. It is the "
                     "only other way in. Without your passphrase and without this recovery key, "
                     "what you wrote cannot be recovered, by you or by anyone.";
  if (!removed.empty())
    text += "\n\nThe " + std::to_string(removed.size()) +
            " automatic copies made before upgrades (kindly.db.backup-*) held your writing "
            "unencrypted and were removed; everything in them is in your data.";
  const auto plain = still_plain(store.value()->path().parent_path());
  j["still_plain"] = plain;
  if (!plain.empty()) {
    text +=
        "\n\nNot encrypted, and left as they are (databases or recordings a restore moved "
        "aside): ";
    for (std::size_t i = 0; i < plain.size(); ++i) text += (i > 0 ? ", " : "") + plain[i];
    text += ". Remove them yourself if no one else should see them.";
  }
  return ok(ctx, std::move(j), text);
}

int lock_change(const Context& ctx, int new_fd) {
  std::optional<std::string> given;
  if (new_fd >= 0) {
    given = read_fd(new_fd);
    if (!given)
      return report(ctx, Error::data("cannot read the new passphrase from file descriptor " +
                                     std::to_string(new_fd)));
  }
  auto store = open_store(ctx, false, false);  // unlocks: the old passphrase or recovery key
  if (!store) return report(ctx, store.error());
  if (!store.value()->lock_status().locked) {
    return report(ctx, Error::refused(RefusalCode::NotLocked,
                                      store.value()->path().string() +
                                          " has no passphrase, so there is none to change",
                                      "use `kindly lock set` to set one"));
  }
  auto pass = new_passphrase(given);
  if (!pass) return report(ctx, pass.error());
  Result<> r;
  try {
    r = store.value()->lock_change(pass.value());
  } catch (const std::exception& e) {
    return report(ctx, Error::data(e.what(), store.value()->path().string()));
  }
  if (!r) return report(ctx, r.error());
  return ok(ctx, {{"locked", true}, {"changed", true}},
            "The passphrase of " + store.value()->path().string() +
                " is changed: the old one no longer opens it. Your recovery key is the same.");
}

const char* const kRemoveWarning =
    "Removing the passphrase stores everything you wrote as plain text again: anyone who can "
    "read your home folder (another account, a stolen disk, a backup service) can read it.";

int lock_remove(const Context& ctx, bool yes) {
  if (!yes) {
    return report(ctx, Error::refused(RefusalCode::NeedsConfirmation,
                                      std::string(kRemoveWarning) + " Nothing was changed",
                                      "run `kindly lock remove --yes` if that is what you want"));
  }
  auto store = open_store(ctx, false, false);
  if (!store) return report(ctx, store.error());
  Result<> r;
  try {
    r = store.value()->lock_remove();
  } catch (const std::exception& e) {
    return report(ctx, Error::data(e.what(), store.value()->path().string()));
  }
  if (!r) return report(ctx, r.error());
  ctx.io.err << "kindly: warning: " << kRemoveWarning << "\n";
  return ok(ctx, {{"locked", false}},
            "The passphrase of " + store.value()->path().string() +
                " is removed: your writing is stored as plain text. Your recovery key no longer "
                "does anything.");
}

int lock_status_cmd(const Context& ctx) {
  const std::string data_dir = resolve_data_dir(ctx.global);
  if (!fs::exists(fs::path(data_dir) / Store::kFileName)) {
    return ok(ctx, {{"locked", false}, {"data", false}},
              "There is no Kindly data in " + data_dir + " yet, so nothing is locked.");
  }
  auto store = open_store(ctx, true, true);
  if (!store) return report(ctx, store.error());
  const LockStatus s = store.value()->lock_status();
  nlohmann::ordered_json j{{"locked", s.locked}, {"data", true}};
  if (!s.locked) {
    return ok(ctx, std::move(j),
              "Not locked: what you wrote in " + store.value()->path().string() +
                  " is stored as plain text. `kindly lock set` encrypts it with a passphrase.");
  }
  j["kdf"] = {{"algorithm", "argon2id13"}, {"ops", s.kdf.ops}, {"mem_bytes", s.kdf.mem}};
  return ok(ctx, std::move(j),
            "Locked: what you wrote in " + store.value()->path().string() +
                " is encrypted (XChaCha20-Poly1305; the key from your passphrase with "
                "Argon2id, " +
                std::to_string(s.kdf.ops) + " passes over " + mib(s.kdf.mem) + ").");
}

}  // namespace

void install_unlock_source(const Context& ctx) {
  g_secrets = std::make_shared<Secrets>();
  g_secrets->global = &ctx.global;
  forget_unlocked_keys();
  set_unlock_source(answer);
}

void remove_unlock_source() {
  set_unlock_source(nullptr);
  forget_unlocked_keys();
  g_secrets.reset();
}

void add_lock_commands(CLI::App& app, Context& ctx, int* exit_code) {
  auto* lock = app.add_subcommand("lock", "Encrypt what you wrote with a passphrase");
  lock->require_subcommand(1);
  auto* set = lock->add_subcommand(
      "set", "Set a passphrase: encrypts everything you wrote; shows a recovery key once");
  set->callback([&ctx, exit_code] { *exit_code = lock_set(ctx); });
  auto new_fd = std::make_shared<int>(-1);
  auto* change = lock->add_subcommand("change", "Choose another passphrase");
  change->add_option("--new-passphrase-fd", *new_fd, "Read the new passphrase from this fd")
      ->type_name("N");
  change->callback([&ctx, exit_code, new_fd] { *exit_code = lock_change(ctx, *new_fd); });
  auto yes = std::make_shared<bool>(false);
  auto* remove = lock->add_subcommand("remove", "Remove the passphrase: back to plain text");
  remove->add_flag("--yes", *yes, "Yes: store what I wrote as plain text again");
  remove->callback([&ctx, exit_code, yes] { *exit_code = lock_remove(ctx, *yes); });
  auto* status = lock->add_subcommand("status", "Is the data locked?");
  status->callback([&ctx, exit_code] { *exit_code = lock_status_cmd(ctx); });
  for (auto* sub : lock->get_subcommands({})) sub->fallthrough();
}

}  // namespace kindly::cli
