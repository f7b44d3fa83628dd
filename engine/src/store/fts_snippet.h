// Kindly's own FTS5 snippet function, `kindly_snippet(journal_fts)`, registered on every
// connection the store opens. FTS5's built-in snippet() scores every candidate window
// against every match, which is quadratic in the matches of one entry (a 4 MB entry searched
// for "the" took 48 s). This one anchors the window at the first match and reads only the
// tokens up to the window's end, so its cost is linear in the entry's size at worst.
#pragma once

#include <cstdint>

struct sqlite3;

namespace kindly::detail {

// The snippet's shape: `kSnippetTokens` tokens, starting `kSnippetLead` tokens before the
// first match; matches wrapped in [ and ]; "..." where text was cut.
inline constexpr int kSnippetTokens = 12;
inline constexpr int kSnippetLead = 3;

// Registers kindly_snippet on `db`. Returns false if FTS5 is not available.
bool register_snippet_function(sqlite3* db);

// Test hook: tokens the last kindly_snippet call on this thread looked at (to show that the
// cost does not grow with the matches after the window).
std::int64_t last_snippet_tokens();

}  // namespace kindly::detail
