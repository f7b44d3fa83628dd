// Refusal codes: every reason the engine can give for not doing what a command asked, in one
// list, like the course diagnostics (diagnostics.h). A refusal is an Error of kind Refused
// (result.h) that carries one of these codes; the CLI prints the code in --json output and the
// tests assert codes, never sentences. docs/cli.md lists every code.
//
// Adding a refusal: add a line here, refuse with it in the engine, add a row to docs/cli.md.
#pragma once

#include <optional>
#include <string_view>

namespace kindly {

// X(code, Name, what it means)
#define KINDLY_REFUSAL_CODES                                                                  \
  X(R001, NotBegun, "the course has not been begun")                                          \
  X(R002, AlreadyBegun, "the course was begun already")                                       \
  X(R003, NoSuchModule, "no week or module with that id or number")                           \
  X(R004, NoSuchItem, "no item with that id")                                                 \
  X(R005, NoSuchPractice, "no practice with that id")                                         \
  X(R006, NoSuchEntry, "no journal entry with that id")                                       \
  X(R007, Locked, "the week or module is not open yet")                                       \
  X(R008, AlreadyDone, "the item is marked done already")                                     \
  X(R009, NotTicked, "the item was not ticked, so there is no tick to remove")                \
  X(R010, DoneByRecord, "the item is done by what was logged, answered or written")           \
  X(R011, NotTickable, "the item is done by answering or logging, not by a tick")             \
  X(R012, NotACheckin, "the item is not a check-in")                                          \
  X(R013, WrongAnswerCount, "a check-in needs one answer per question")                       \
  X(R014, AnswerOutOfScale, "an answer is outside the check-in's scale")                      \
  X(R015, MinutesOutOfRange, "practice minutes outside 1-600")                                \
  X(R016, DistressOutOfRange, "a distress rating outside 0-10")                               \
  X(R017, TimeInFuture, "a practice time in the future")                                      \
  X(R018, BeforeBegin, "a practice time before the course was begun")                         \
  X(R019, ReasonRequired, "moving on needs a reason in the user's words")                     \
  X(R020, MoveOnNotAllowed, "the course does not allow moving on without the core practices") \
  X(R021, LastWeek, "there is no week after this one")                                        \
  X(R022, NextAlreadyOpen, "the next week is open already")                                   \
  X(R023, WeekNotStarted, "the week has not been started")                                    \
  X(R024, NothingToMoveOn, "the next week waits only for time, not for core practices")       \
  X(R025, AlreadyMovedOn, "the user already chose to move on from this week")                 \
  X(R026, NotCurrentWeek, "moving on is from the current week only")                          \
  X(R027, EmptyText, "a journal text that is empty or only spaces")                           \
  X(R028, InTrash, "the entry is in the trash")                                               \
  X(R029, NotInTrash, "the entry is not in the trash")                                        \
  X(R030, NeedsConfirmation, "removing for good needs an explicit confirmation")              \
  X(R031, EmptySearch, "a search with no words")                                              \
  X(R032, NoSuchPrompt, "the reflection has no prompt with that number")                      \
  X(R033, WrongWeek, "the item belongs to another week")                                      \
  X(R034, ChangedElsewhere, "the entry was changed by another Kindly since it was read")      \
  X(R035, NotAnExport, "the file is not a Kindly export it can import")                       \
  X(R036, DataFolderNotEmpty, "importing needs an empty data folder")                         \
  X(R037, NoSuchFile, "the file does not exist or is not a regular file")                     \
  X(R038, TooLarge, "the file is over Kindly's size limit")                                   \
  X(R039, OverLiveDatabase, "a backup or export cannot be written over the live database")    \
  X(R040, IsAFolder, "a file name was needed and a folder was given")                         \
  X(R041, CourseHasErrors, "the course has errors, so it cannot be used")                     \
  X(R042, NoData, "the data folder holds no Kindly data")                                     \
  X(R043, NotAKindlyDatabase, "the file is not a whole Kindly database")                      \
  X(R044, UnreadableFile, "the file cannot be read, or changed while it was read")            \
  X(R045, NoSuchVersion, "the journal entry has no version with that number")                 \
  X(R046, VersionIsCurrent, "that version's text is the entry's text now")                    \
  X(R047, AlreadyPaused, "the course is paused already")                                      \
  X(R048, NotPaused, "the course is not paused, so there is nothing to resume")               \
  X(R049, NoSuchMeasure, "no questionnaire with that id")                                     \
  X(R050, MissingMeasureAnswer, "a questionnaire needs an answer to every question")          \
  X(R051, NoSuchMeasureItem, "an answer names a question the questionnaire does not have")    \
  X(R052, AnswerNotOnScale, "an answer is not one of the questionnaire's scale values")       \
  X(R053, MeasureNotDue, "the questionnaire is not due now, so there is nothing to skip")     \
  X(R054, PlanNeedsDays, "a keep-practising plan needs at least one day of the week")         \
  X(R055, PlanTimeOutOfRange, "a plan's time of day is not a time (hour 0-23, minute 0-59)")  \
  X(R056, PlanRepeatsPractice, "a keep-practising plan names the same practice twice")        \
  X(R057, CourseNotComplete, "the last week of the course is not complete yet")               \
  X(R058, NoPracticePlan, "there is no keep-practising plan, so there is nothing to clear")   \
  X(R059, NoLetterOfLearning, "there is no letter of learning to include")                    \
  X(R060, PassphraseNeeded, "the data is locked and no passphrase or recovery key was given") \
  X(R061, WrongPassphrase, "the passphrase does not open the data")                           \
  X(R062, WrongRecoveryKey, "the recovery key does not open the data")                        \
  X(R063, NotLocked, "the data has no passphrase, so there is none to change or remove")      \
  X(R064, AlreadyLocked, "the data has a passphrase already")                                 \
  X(R065, PassphrasesDiffer, "the passphrase was not typed the same way twice")               \
  X(R066, PassphraseTooShort, "a passphrase needs at least 8 characters")                     \
  X(R067, PlainExportNeedsFlag, "an export of locked data is plain text only with --plain")   \
  X(R068, DamagedLock, "the lock record is damaged, so the data key cannot be unwrapped")

enum class RefusalCode {
  None,
#define X(code, name, what) name,
  KINDLY_REFUSAL_CODES
#undef X
};

const char* refusal_id(RefusalCode c);                            // "R007"; "" for None
const char* refusal_summary(RefusalCode c);                       // the "what it means" column
std::optional<RefusalCode> refusal_from_id(std::string_view id);  // "R007" -> Locked

}  // namespace kindly
