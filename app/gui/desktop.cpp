// Notifications and the autostart entry (see desktop.h).
#include "desktop.h"

#include <unistd.h>

#include <system_error>

#include "kindly/atomic_file.h"
#include "kindly/dynlib.h"
#include "kindly/paths.h"

#if KINDLY_HAVE_LIBNOTIFY
#include <libnotify/notify.h>
#endif

namespace kindly::gui {

#if KINDLY_HAVE_LIBNOTIFY
namespace {

// libnotify is loaded on the first notification, not at start: it brings glib, gio, gobject,
// gdk-pixbuf and more. g_error_free and g_object_unref come from its dependencies.
struct Libnotify {
  dynlib::Library lib{"libnotify.so.4"};
  decltype(&notify_init) init = nullptr;
  decltype(&notify_notification_new) notification_new = nullptr;
  decltype(&notify_notification_show) notification_show = nullptr;
  decltype(&g_error_free) error_free = nullptr;
  decltype(&g_object_unref) object_unref = nullptr;
  Libnotify() {
    KINDLY_DYNLIB_BIND(lib, init, notify_init);
    KINDLY_DYNLIB_BIND(lib, notification_new, notify_notification_new);
    KINDLY_DYNLIB_BIND(lib, notification_show, notify_notification_show);
    KINDLY_DYNLIB_BIND(lib, error_free, g_error_free);
    KINDLY_DYNLIB_BIND(lib, object_unref, g_object_unref);
  }
};

const Libnotify& libnotify() {
  static const Libnotify api;  // loaded once, thread-safe; never unloaded
  return api;
}

}  // namespace
#endif

bool notify(const std::string& title, const std::string& body, std::string* error) {
#if KINDLY_HAVE_LIBNOTIFY
  const Libnotify& ln = libnotify();
  if (!ln.lib.ok()) {
    if (error) *error = ln.lib.error();
    return false;
  }
  static bool ready = ln.init("Kindly");
  if (!ready) ready = ln.init("Kindly");
  if (!ready) {
    if (error) *error = "no notification service";
    return false;
  }
  NotifyNotification* n = ln.notification_new(title.c_str(), body.c_str(), nullptr);
  GError* err = nullptr;
  const bool ok = ln.notification_show(n, &err);
  if (!ok && error) *error = err && err->message ? err->message : "the notification failed";
  if (err) ln.error_free(err);
  ln.object_unref(n);  // not G_OBJECT(n): its cast check would call into gobject directly
  return ok;
#else
  (void)title;
  (void)body;
  if (error) *error = "built without libnotify";
  return false;
#endif
}

// The environment as it is now, not main's copy: the screens call this without one, and
// tests set XDG_CONFIG_HOME before they do.
std::filesystem::path autostart_file() {
  const std::filesystem::path config = resolve_paths(Environment::from_process()).config_dir;
  if (config.empty()) return {};
  return config / "autostart" / "kindly.desktop";
}

bool autostart_enabled() {
  const std::filesystem::path file = autostart_file();
  std::error_code ec;
  return !file.empty() && std::filesystem::exists(file, ec);
}

std::string self_exe() {
  std::error_code ec;
  const auto p = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::string("kindly") : p.string();
}

bool set_autostart(bool on, const std::string& exe, std::string* error) {
  const std::filesystem::path file = autostart_file();
  if (file.empty()) {
    if (!on) return true;  // with no config folder there is no entry to remove
    if (error) *error = "no config folder: neither XDG_CONFIG_HOME (absolute) nor HOME is set";
    return false;
  }
  std::error_code ec;
  if (!on) {
    std::filesystem::remove(file, ec);
    if (ec && error) *error = ec.message();
    return !ec;
  }
  std::filesystem::create_directories(file.parent_path(), ec);
  // Exec quoting (Desktop Entry spec): the path in double quotes, with \ " ` $ escaped.
  std::string quoted = "\"";
  for (char c : exe) {
    if (c == '"' || c == '`' || c == '$' || c == '\\') quoted += '\\';
    quoted += c;
  }
  quoted += '"';
  const std::string text =
      "[Desktop Entry]\n"
      "Type=Application\n"
      "Name=Kindly\n"
      "Comment=Your self-compassion course, and its daily reminder\n"
      "Exec=" +
      quoted +
      "\n"
      "Terminal=false\n"
      "X-GNOME-Autostart-enabled=true\n";
  AtomicWriteOptions o;
  o.mode = 0644;
  auto r = write_file_atomic(file, text, o);
  if (!r.ok() && error) *error = r.error().message;
  return r.ok();
}

}  // namespace kindly::gui
