// The store's seal boundary: two SQL functions on every connection of a Store.
//
//   kindly_seal(column, row, value)   the value sealed for `column` of `row` (kindly/crypto.h),
//                                     or the value as it is when the data has no passphrase;
//   kindly_open(column, row, value)   the text back. A value that is still text (a folder
//                                     without a passphrase) is returned as it is. A sealed value
//                                     that does not open is an SQL error naming the column and
//                                     row ("damaged"), never a wrong text.
//
// `column` is "table.column" and `row` the row's key (events: seq; journal_entries: id;
// journal_revisions: "<entry id>/<rev>"). Both are the associated data, so a value moved to
// another column or another row does not open.
#pragma once

#include <sqlite3.h>

#include <filesystem>
#include <memory>

#include "kindly/crypto.h"

namespace kindly::detail {

struct Sealer {
  std::filesystem::path path;              // the database, for messages
  bool locked = false;                     // the data has a passphrase
  std::shared_ptr<const crypto::Key> key;  // the data key while unlocked; null when locked
};

void register_seal_functions(sqlite3* db, std::shared_ptr<Sealer> sealer);

}  // namespace kindly::detail
