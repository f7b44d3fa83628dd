// kindly_seal() and kindly_open(), the SQL functions of sealer.h.
#include "sealer.h"

#include <string>
#include <string_view>

namespace kindly::detail {

namespace {

std::string_view text_of(sqlite3_value* v) {
  const auto* p = static_cast<const char*>(sqlite3_value_blob(v));
  const int n = sqlite3_value_bytes(v);
  return p != nullptr ? std::string_view(p, static_cast<std::size_t>(n)) : std::string_view();
}

std::string row_of(sqlite3_value* row) {
  const auto* p = reinterpret_cast<const char*>(sqlite3_value_text(row));
  return p != nullptr ? p : "";
}

std::string ad_of(sqlite3_value* column, sqlite3_value* row) {
  return "kindly-v1:" + std::string(text_of(column)) + "#" + row_of(row);
}

// In the user's terms: which text of which row.
std::string where(sqlite3_value* column, sqlite3_value* row) {
  const std::string c(text_of(column));
  const std::string n = row_of(row);
  if (c == "journal_entries.text") return "the text of journal entry " + n;
  if (c == "journal_revisions.text") {
    const auto slash = n.find('/');
    if (slash != std::string::npos)
      return "version " + n.substr(slash + 1) + " of journal entry " + n.substr(0, slash);
  }
  if (c == "events.note") return "the note of log event " + n;
  if (c == "events.reason") return "the reason of log event " + n;
  if (c == "events.answers") return "the answers of log event " + n;
  return c + " of row " + n;
}

void seal_fn(sqlite3_context* ctx, int, sqlite3_value** argv) {
  auto* s = static_cast<std::shared_ptr<Sealer>*>(sqlite3_user_data(ctx))->get();
  if (sqlite3_value_type(argv[2]) == SQLITE_NULL || !s->locked) {
    sqlite3_result_value(ctx, argv[2]);
    return;
  }
  if (!s->key) {
    sqlite3_result_error(ctx, "the data is locked: unlock it before writing", -1);
    return;
  }
  const std::string sealed = crypto::seal(*s->key, text_of(argv[2]), ad_of(argv[0], argv[1]));
  sqlite3_result_blob(ctx, sealed.data(), static_cast<int>(sealed.size()), SQLITE_TRANSIENT);
}

void open_fn(sqlite3_context* ctx, int, sqlite3_value** argv) {
  auto* s = static_cast<std::shared_ptr<Sealer>*>(sqlite3_user_data(ctx))->get();
  if (sqlite3_value_type(argv[2]) != SQLITE_BLOB) {
    sqlite3_result_value(ctx, argv[2]);
    return;
  }
  if (!s->key) {
    const std::string msg = s->path.string() + " is locked: " + where(argv[0], argv[1]) +
                            " cannot be read without the passphrase";
    sqlite3_result_error(ctx, msg.c_str(), -1);
    return;
  }
  auto plain = crypto::open(*s->key, text_of(argv[2]), ad_of(argv[0], argv[1]));
  if (!plain) {
    const std::string msg = "sealed text damaged in " + s->path.string() + ": " +
                            where(argv[0], argv[1]) +
                            " does not open (changed or cut short on disk). Nothing was changed; "
                            "put back a backup made before it was damaged (kindly restore FILE) "
                            "to get it back";
    sqlite3_result_error(ctx, msg.c_str(), -1);
    return;
  }
  sqlite3_result_text(ctx, plain->data(), static_cast<int>(plain->size()), SQLITE_TRANSIENT);
}

void destroy(void* p) {
  delete static_cast<std::shared_ptr<Sealer>*>(p);
}

}  // namespace

void register_seal_functions(sqlite3* db, std::shared_ptr<Sealer> sealer) {
  const int flags = SQLITE_UTF8 | SQLITE_DIRECTONLY;
  sqlite3_create_function_v2(db, "kindly_seal", 3, flags, new std::shared_ptr<Sealer>(sealer),
                             seal_fn, nullptr, nullptr, destroy);
  sqlite3_create_function_v2(db, "kindly_open", 3, flags, new std::shared_ptr<Sealer>(sealer),
                             open_fn, nullptr, nullptr, destroy);
}

}  // namespace kindly::detail
