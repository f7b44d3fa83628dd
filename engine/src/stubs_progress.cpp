// Temporary: the progress engine's API links while the implementation lands.
#include <SQLiteCpp/Database.h>

#include <stdexcept>

#include "kindly/journal.h"
#include "kindly/progress.h"
#include "kindly/session.h"
#include "kindly/store.h"

namespace kindly {
namespace {
[[noreturn]] void todo() {
  throw std::logic_error("not implemented yet");
}
}  // namespace
const char* to_string(EventType) {
  todo();
}
std::optional<EventType> event_type_from_string(const std::string&) {
  todo();
}
const char* to_string(WeekState) {
  todo();
}
const char* to_string(LockReason) {
  todo();
}
const char* to_string(WeekTrigger) {
  todo();
}
WeekState transition(WeekState, WeekTrigger) {
  todo();
}
const WeekProgress* Progress::week(int) const {
  todo();
}
const WeekProgress* Progress::module(const std::string&) const {
  todo();
}
const ItemProgress* Progress::item(const std::string&, const WeekProgress**) const {
  todo();
}
struct ProgressBuilder::State {};
ProgressBuilder::ProgressBuilder(const Course&) {
  todo();
}
ProgressBuilder::~ProgressBuilder() = default;
ProgressBuilder::ProgressBuilder(ProgressBuilder&&) noexcept = default;
ProgressBuilder& ProgressBuilder::operator=(ProgressBuilder&&) noexcept = default;
void ProgressBuilder::apply(const Event&) {
  todo();
}
Progress ProgressBuilder::snapshot(TimePoint) const {
  todo();
}
Progress fold(const Course&, const std::vector<Event>&, TimePoint) {
  todo();
}

Result<std::unique_ptr<Store>> Store::open(const std::filesystem::path&, const StoreOptions&) {
  todo();
}
Store::~Store() = default;
void Store::append(std::vector<Event>&) {
  todo();
}
std::int64_t Store::append(Event) {
  todo();
}
std::vector<Event> Store::events() const {
  todo();
}
std::vector<Event> Store::events_since(std::int64_t) const {
  todo();
}
std::int64_t Store::last_seq() const {
  todo();
}
void Store::write(const std::function<void()>&) {
  todo();
}
bool Store::integrity_ok() const {
  todo();
}

JournalEntry Journal::add(const NewJournalEntry&, TimePoint) {
  todo();
}
std::optional<JournalEntry> Journal::edit(std::int64_t, const std::string&, TimePoint) {
  todo();
}
bool Journal::trash(std::int64_t, TimePoint) {
  todo();
}
bool Journal::restore(std::int64_t) {
  todo();
}
int Journal::empty_trash() {
  todo();
}
std::optional<JournalEntry> Journal::get(std::int64_t) const {
  todo();
}
std::vector<JournalRevision> Journal::revisions(std::int64_t) const {
  todo();
}
std::vector<JournalEntry> Journal::list(const JournalFilter&) const {
  todo();
}
std::vector<SearchHit> Journal::search(const std::string&, int) const {
  todo();
}
std::int64_t Journal::count(const JournalFilter&) const {
  todo();
}

std::filesystem::path default_data_dir() {
  todo();
}
Result<std::unique_ptr<Session>> Session::open(std::shared_ptr<const Course>,
                                               const std::filesystem::path&,
                                               std::shared_ptr<const Clock>, const StoreOptions&) {
  todo();
}
Session::~Session() = default;
Result<> Session::refresh() {
  todo();
}
Result<Event> Session::begin() {
  todo();
}
Result<Event> Session::start_week(int) {
  todo();
}
Result<Event> Session::start_module(const std::string&) {
  todo();
}
Result<Event> Session::done(const std::string&) {
  todo();
}
Result<Event> Session::undo(const std::string&) {
  todo();
}
Result<PracticeLogged> Session::log_practice(const PracticeLog&) {
  todo();
}
Result<CheckinResult> Session::checkin(const std::string&, const std::vector<int>&) {
  todo();
}
Result<Event> Session::move_on(const std::string&) {
  todo();
}
Result<JournalEntry> Session::journal_add(const JournalDraft&) {
  todo();
}
Result<JournalEntry> Session::journal_edit(std::int64_t, const std::string&) {
  todo();
}
Result<JournalEntry> Session::journal_delete(std::int64_t) {
  todo();
}
Result<JournalEntry> Session::journal_restore(std::int64_t) {
  todo();
}
Result<int> Session::journal_empty_trash(bool) {
  todo();
}
Result<std::vector<JournalEntry>> Session::journal_list(const JournalFilter&) {
  todo();
}
Result<JournalDetail> Session::journal_show(std::int64_t) {
  todo();
}
Result<std::vector<SearchHit>> Session::journal_search(const std::string&, int) {
  todo();
}
Result<std::vector<Event>> Session::history() {
  todo();
}
}  // namespace kindly
