#pragma once
// Output that appears whole or not at all: everything is written into a
// staging directory beside the target, which replaces the target in one
// atomic exchange only when complete. A failure leaves the previous output
// exactly as it was.

#include <filesystem>

namespace tebiki::publish {

// The file that marks a directory as tebiki's output. An existing target
// without it (a content folder, the repository, a file) is never replaced.
inline constexpr const char* kOutputMarker = ".tebiki-output";

class StagedDirectory {
public:
    // Throws std::runtime_error when `target` exists and is neither an empty
    // directory nor a previous output of tebiki. With `recycle`, the output
    // the last commit replaced (kept beside the target) becomes the staging
    // directory, for the build to update (reuse/recycled_output.h), and
    // commit() keeps the output it replaces in its turn.
    explicit StagedDirectory(std::filesystem::path target, bool recycle = false);
    ~StagedDirectory();  // removes the staging directory unless committed
    StagedDirectory(const StagedDirectory&) = delete;
    StagedDirectory& operator=(const StagedDirectory&) = delete;

    const std::filesystem::path& path() const { return staging_; }
    const std::filesystem::path& target() const { return target_; }
    // True when the staging directory starts as an earlier output.
    bool holds_earlier_output() const { return holds_earlier_output_; }

    // Swaps the staging directory into place (renameat2 RENAME_EXCHANGE, so
    // the target path never stops existing), then keeps the output it
    // replaced beside the target (with `recycle`) or removes it.
    void commit();

private:
    std::filesystem::path target_;
    std::filesystem::path staging_;
    std::filesystem::path previous_;  // .<target>.tebiki-previous, beside the target
    bool recycle_ = false;
    bool holds_earlier_output_ = false;
    bool committed_ = false;
};

}  // namespace tebiki::publish
