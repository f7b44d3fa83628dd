// The user's own recordings of a practice's steps, as files in the data folder.
//
// Layout: <data dir>/recordings/<practice id>/step-<NN>.<ext>
//   - <practice id> is a course practice id (the course's id rule: 1-64 of [a-z0-9_-]);
//   - <NN> is the step's 1-based number, at least two digits ("step-01", "step-12",
//     "step-100"), from 1 to kMaxRecordingStep;
//   - <ext> is one of kRecordingExtensions ("wav", "flac", "ogg"), lower case.
// Files are 0600, the folders 0700 (they hold the user's voice). Anything else in these folders
// (other names, symbolic links, temp files of a save that died) is never listed or played.
//
// The engine only moves files: it never decodes audio (app/audio does, through libsndfile).
// Every name is built here from a validated id and step, so no caller can reach outside the
// recordings folder: an id with "/", "..", upper case or any other byte is refused.
//
// Errors: Refused with NoSuchPractice (a bad id or step number, or an extension not in the
// list), TooLarge (over kMaxRecordingBytes), NoSuchFile / UnreadableFile (a source file);
// Data for I/O failures in the data folder.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kindly/result.h"

namespace kindly {

namespace crypto {
class Key;
}

inline constexpr int kMaxRecordingStep = 999;
// Ten minutes of 48 kHz mono 16-bit WAV is 57.6 MB; the limit leaves room for a header.
inline constexpr std::int64_t kMaxRecordingBytes = 64ll << 20;
inline constexpr const char* kRecordingExtensions[] = {"wav", "flac", "ogg"};

struct Recording {
  std::string practice_id;
  int step = 0;                // 1-based
  std::string extension;       // "wav", "flac" or "ogg"
  std::filesystem::path path;  // <data dir>/recordings/<practice id>/step-<NN>.<ext>
  std::int64_t bytes = 0;
};

// The course's id rule (1-64 characters of a-z, 0-9, '-', '_').
bool valid_recording_id(std::string_view practice_id);
// 1..kMaxRecordingStep.
bool valid_recording_step(int step);
// "wav", "flac" or "ogg".
bool valid_recording_extension(std::string_view ext);

// <data dir>/recordings
std::filesystem::path recordings_dir(const std::filesystem::path& data_dir);
// "step-01.wav" for (1, "wav"). Empty for an invalid step or extension.
std::string recording_file_name(int step, std::string_view ext);
// The inverse: step-<NN>.<ext> with a canonical number and an allowed extension, else nullopt.
std::optional<std::pair<int, std::string>> parse_recording_file_name(std::string_view name);

// The recording of a step, if there is one: a regular file (not a symbolic link) with a
// canonical name. With more than one extension for a step, the first in kRecordingExtensions.
// nullopt for an invalid id or step.
std::optional<std::filesystem::path> find_recording(const std::filesystem::path& data_dir,
                                                    std::string_view practice_id, int step);

// Every recording in the data folder, sorted by practice id, then step. Folders that are not
// valid ids and files that are not canonical names are skipped. Empty when there are none.
std::vector<Recording> list_recordings(const std::filesystem::path& data_dir);
// Those of one practice (empty for an invalid id).
std::vector<Recording> list_recordings(const std::filesystem::path& data_dir,
                                       std::string_view practice_id);

// Saves `bytes` as the recording of a step: creates the folders (0700) when needed, writes a
// temp file in the practice's folder, fsyncs it, renames it over step-<NN>.<ext> (0600) and
// fsyncs the folder (atomic_file.h), then removes the step's recordings with other
// extensions, so exactly one remains. A failure leaves the previous recording as it was.
// With `key` (the data has a passphrase: Store::data_key()), the file is written sealed
// (see "sealed recordings" below); `bytes` are never written as they are.
Result<Recording> save_recording(const std::filesystem::path& data_dir,
                                 std::string_view practice_id, int step, std::string_view bytes,
                                 std::string_view ext = "wav", const crypto::Key* key = nullptr);
// The same from a file (e.g. the Recorder's temp WAV). The source is read, not moved; the
// caller removes it. Refused: NoSuchFile (missing, not a regular file), TooLarge,
// UnreadableFile.
Result<Recording> save_recording_file(const std::filesystem::path& data_dir,
                                      std::string_view practice_id, int step,
                                      const std::filesystem::path& source,
                                      std::string_view ext = "wav",
                                      const crypto::Key* key = nullptr);

// Removes a step's recording (every extension). Value: whether a file was removed (false:
// there was none). The folder is fsynced after.
Result<bool> remove_recording(const std::filesystem::path& data_dir, std::string_view practice_id,
                              int step);
// Removes every recording of a practice and then its folder when it is empty. Value: how many
// recordings were removed.
Result<int> remove_all_recordings(const std::filesystem::path& data_dir,
                                  std::string_view practice_id);

// ---- sealed recordings (the lock: docs/privacy.md) -------------------------------------------
// With a passphrase set, a recording's file keeps its name and holds kSealedAudioMagic, then
// its bytes sealed with the data key (crypto::seal). The associated data is
// "recording:<practice id>/<file name>", so a file moved to another step or practice does not
// open. Players and the renderer read recordings only through read_recording().

inline constexpr std::string_view kSealedAudioMagic{"KINDLY-SEALED-AUDIO\x01\n", 21};

// Whether the file begins with kSealedAudioMagic.
bool is_sealed_recording(const std::filesystem::path& path);

// The recording's audio bytes: a plain file as it is, a sealed one opened with `key`. Refused:
// PassphraseNeeded (sealed and no key), UnreadableFile (cannot be read, or sealed and it does
// not open with this key: damaged, cut short or from another data folder), TooLarge.
Result<std::string> read_recording(const std::filesystem::path& path, const crypto::Key* key);

// Seals every plain recording in the data folder with `key` (seal = true), or opens every
// sealed one back to plain (seal = false). Each file is replaced atomically (a temp file,
// fsync, rename), so a crash leaves each recording whole, sealed or plain; running it again
// finishes the rest. Value: how many files were changed.
Result<int> reseal_recordings(const std::filesystem::path& data_dir, const crypto::Key& key,
                              bool seal);

// ---- copies of the recordings folder (backup, restore, export, import: data_ops.h) ----------

// Every recording in a folder laid out like <data dir>/recordings (<id>/step-<NN>.<ext>),
// e.g. the copy beside a backup. The same rules as list_recordings: anything else is skipped.
std::vector<Recording> list_recordings_in(const std::filesystem::path& tree);

// The folder kept beside a backup or an export file: "<file>.recordings".
std::filesystem::path recordings_beside(const std::filesystem::path& file);

// Copies every recording into a new tree at `dest` (folders 0700, files 0600): built in a
// temp folder beside it, then renamed into place, replacing an older copy there. With no
// recordings, an older copy at `dest` is removed and nothing is created. Value: how many.
Result<int> copy_recordings_to(const std::filesystem::path& data_dir,
                               const std::filesystem::path& dest);

struct RecordingsRestored {
  int count = 0;
  // Where the recordings folder it replaced went (recordings.before-restore-<UTC time>);
  // empty when there was none. Nothing is deleted.
  std::filesystem::path moved_aside;
};
// Puts the recordings of a copy (`tree`, e.g. recordings_beside(backup)) in place of
// <data dir>/recordings: every file is checked (canonical names, regular files, at most
// kMaxRecordingBytes, refused with TooLarge) and copied into a temp folder first; only then is
// the current folder renamed aside and the copy renamed into place.
Result<RecordingsRestored> restore_recordings_from(const std::filesystem::path& tree,
                                                   const std::filesystem::path& data_dir);

}  // namespace kindly
