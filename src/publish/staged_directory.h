#pragma once
// Output that appears whole or not at all: everything is written into a
// staging directory beside the target, which replaces the target in one
// atomic exchange only when complete. A failure leaves the previous output
// exactly as it was.

#include <filesystem>

namespace tebiki::publish {

class StagedDirectory {
public:
    explicit StagedDirectory(std::filesystem::path target);
    ~StagedDirectory();  // removes the staging directory unless committed
    StagedDirectory(const StagedDirectory&) = delete;
    StagedDirectory& operator=(const StagedDirectory&) = delete;

    const std::filesystem::path& path() const { return staging_; }
    const std::filesystem::path& target() const { return target_; }

    // Swaps the staging directory into place (renameat2 RENAME_EXCHANGE, so
    // the target path never stops existing) and removes the previous output.
    void commit();

private:
    std::filesystem::path target_;
    std::filesystem::path staging_;
    bool committed_ = false;
};

}  // namespace tebiki::publish
