// The build cache's housekeeping: entries no build uses are pruned, and the
// walk over every entry is done at most once a day.

#include <catch2/catch.hpp>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "reuse/output_cache.h"

namespace fs = std::filesystem;
namespace reuse = tebiki::reuse;

namespace {

struct TemporaryDir {
    fs::path path = fs::temp_directory_path() / ("tebiki-cache-test-" + std::to_string(::getpid()));
    TemporaryDir() { fs::remove_all(path); }
    ~TemporaryDir() { fs::remove_all(path); }
};

}  // namespace

TEST_CASE("Unused entries are pruned, at most once a day") {
    TemporaryDir dir;
    const reuse::OutputCache cache(dir.path);
    cache.write("aa00", "old entry");
    // Change times have a resolution of a second: let the entry's fall behind.
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));

    cache.prune_unused(0);  // nothing is recent enough to keep
    CHECK_FALSE(cache.read("aa00"));
    CHECK(fs::exists(dir.path / "last-prune"));

    cache.write("bb00", "new entry");
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    cache.prune_unused(0);  // pruned less than a day ago: the walk is skipped
    CHECK(cache.read("bb00") == std::optional<std::string>("new entry"));

    // A stamp from yesterday lets the next call walk again.
    const auto yesterday = fs::file_time_type::clock::now() - std::chrono::hours(25);
    fs::last_write_time(dir.path / "last-prune", yesterday);
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    cache.prune_unused(0);
    CHECK_FALSE(cache.read("bb00"));
}
