#pragma once
// Failure injection for the fault tests (tests/integration/install_fault_test.cpp):
// TEBIKI_FAIL_AT=<point> makes the process exit at once with status 75,
// as a crash would (no destructors, no cleanup, nothing flushed), when it
// reaches that point; TEBIKI_PAUSE_AT=<point> makes it stop itself there
// (SIGSTOP), so that a test can change the world (fill the disk) or kill
// it, then let it go on. Read in this one place; without the variables
// each point costs one getenv.

#include <array>
#include <string_view>

namespace tebiki::bundle {

// Every point, in the order an install, a prune, a rollback and a sync reach
// them. The fault tests walk this list: a point missing from it is a point
// nothing tests.
inline constexpr std::array<std::string_view, 14> kFailPoints{
    "locked",            // install/rollback/sync: DIR/.lock held, leftovers not yet cleared
    "cleared",           // install: generations/ there and writable, nothing unpacked
    "room-checked",      // install: the free space was enough; nothing unpacked yet
    "unpacking",         // install: a file of .partial-<n> written (a kill: after the first)
    "unpacked",          // install: .partial-<n> complete and synced
    "synced",            // install: renamed to its generation's name
    "trusting",          // install/trust: a key written to trusted-keys/.adding-<pid>, not yet renamed
    "trusted",           // install: the trust recorded, DIR/current not yet switched
    "switching",         // install/rollback: DIR/.current-<pid> made, not yet renamed over DIR/current
    "switched",          // install: DIR/current switched, nothing pruned
    "pruning",           // install: a generation renamed to .removing-<name>, not yet deleted
    "rollback-verified", // rollback: the previous generation verified, DIR/current not yet switched
    "sync-installed",    // sync: installed, DIR/channel.json not yet written
    "recording",         // sync: DIR/channel.json.tmp-<pid> written, not yet renamed
};

// Exits (TEBIKI_FAIL_AT) or stops (TEBIKI_PAUSE_AT) when `point` is the one named.
void fail_point(std::string_view point);

}  // namespace tebiki::bundle
