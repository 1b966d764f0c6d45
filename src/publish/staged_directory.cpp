#include "publish/staged_directory.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>

#include <cerrno>
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
}  // namespace

StagedDirectory::StagedDirectory(fs::path target) : target_(fs::absolute(std::move(target)).lexically_normal()) {
    if (target_.filename().empty()) target_ = target_.parent_path();
    fs::create_directories(target_.parent_path());
    // Beside the target, so the final rename never crosses file systems.
    std::string pattern = (target_.parent_path() / ("." + target_.filename().string() + ".staging-XXXXXX")).string();
    if (mkdtemp(pattern.data()) == nullptr) fail("cannot create a staging directory beside '" + target_.string() + "'");
    staging_ = pattern;
}

StagedDirectory::~StagedDirectory() {
    if (committed_) return;
    std::error_code ignored;
    fs::remove_all(staging_, ignored);
}

void StagedDirectory::commit() {
    if (committed_) return;
    if (fs::exists(fs::symlink_status(target_))) {
        if (renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD, target_.c_str(), RENAME_EXCHANGE) != 0)
            fail("cannot replace '" + target_.string() + "'");
        committed_ = true;
        // The staging path now holds the previous output.
        std::error_code ignored;
        fs::remove_all(staging_, ignored);
    } else {
        if (rename(staging_.c_str(), target_.c_str()) != 0) fail("cannot create '" + target_.string() + "'");
        committed_ = true;
    }
}

}  // namespace tebiki::publish
