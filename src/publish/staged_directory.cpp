#include "publish/staged_directory.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <cerrno>
#include <fstream>
#include <cstring>
#include <stdexcept>
#include <string>
#include <system_error>

namespace tebiki::publish {

namespace fs = std::filesystem;

namespace {
[[noreturn]] void fail(const std::string& what) {
    throw std::system_error(errno, std::generic_category(), what);
}
// Only an empty directory or one that tebiki wrote may be replaced: `--out .`
// or `--out content` must never delete a repository or a writer's work.
void require_replaceable(const fs::path& target) {
    const auto status = fs::symlink_status(target);
    if (!fs::exists(status)) return;
    if (fs::is_directory(status) &&
        (fs::is_empty(target) || fs::is_regular_file(fs::symlink_status(target / kOutputMarker))))
        return;
    throw std::runtime_error("refusing to replace '" + target.string() +
                             "': it exists and is not an output of tebiki (no " + kOutputMarker +
                             "); choose another output directory or remove it yourself");
}

// mkdtemp makes 0700; the output is for others to read (web servers, copies
// to terminals), so it gets the usual mode under the process's umask.
void set_default_directory_mode(const fs::path& dir) {
    const mode_t mask = umask(0);
    umask(mask);
    chmod(dir.c_str(), 0777 & ~mask);
}

}  // namespace

StagedDirectory::StagedDirectory(fs::path target, bool recycle)
    : target_(fs::absolute(std::move(target)).lexically_normal()), recycle_(recycle) {
    if (target_.filename().empty()) target_ = target_.parent_path();
    require_replaceable(target_);
    fs::create_directories(target_.parent_path());
    // Beside the target, so the final rename never crosses file systems.
    const std::string hidden_name = "." + target_.filename().string();
    previous_ = target_.parent_path() / (hidden_name + ".tebiki-previous");
    std::string pattern = (target_.parent_path() / (hidden_name + ".staging-XXXXXX")).string();
    if (mkdtemp(pattern.data()) == nullptr) fail("cannot create a staging directory beside '" + target_.string() + "'");
    staging_ = pattern;
    set_default_directory_mode(staging_);
    // Renamed over the empty staging directory: of two builds at once, one
    // takes it and the other starts empty.
    if (recycle_) holds_earlier_output_ = rename(previous_.c_str(), staging_.c_str()) == 0;
}

StagedDirectory::~StagedDirectory() {
    if (committed_) return;
    std::error_code ignored;
    fs::remove_all(staging_, ignored);
}

void StagedDirectory::commit() {
    if (committed_) return;
    {
        std::ofstream marker(staging_ / kOutputMarker);
        marker << "This directory is written by tebiki and replaced whole by each build.\n";
    }
    if (fs::exists(fs::symlink_status(target_))) {
        if (renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD, target_.c_str(), RENAME_EXCHANGE) != 0)
            fail("cannot replace '" + target_.string() + "'");
        committed_ = true;
        // The staging path now holds the output just replaced.
        std::error_code ignored;
        fs::remove_all(previous_, ignored);  // another build's, or one made without recycling
        if (!recycle_ || rename(staging_.c_str(), previous_.c_str()) != 0) fs::remove_all(staging_, ignored);
    } else {
        if (rename(staging_.c_str(), target_.c_str()) != 0) fail("cannot create '" + target_.string() + "'");
        committed_ = true;
    }
}

}  // namespace tebiki::publish
