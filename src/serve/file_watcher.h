#pragma once
// Waiting for a writer to save: Linux inotify over the content, the config
// and the theme, so that `tebiki serve` rebuilds only when something changed.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "serve/file_descriptor.h"

namespace tebiki::serve {

class FileWatcher {
public:
    // Each root is a directory, watched with all its subdirectories (new ones
    // included, as they appear), or a single file. A root that does not exist
    // is ignored (a theme directory may be absent). Throws ServeError when
    // inotify cannot be set up.
    explicit FileWatcher(std::vector<std::filesystem::path> roots);
    FileWatcher(const FileWatcher&) = delete;
    FileWatcher& operator=(const FileWatcher&) = delete;

    // Blocks until something under a root is created, written, deleted or
    // moved, then keeps collecting until `settle` passes with no further
    // change. Returns the changed paths (absolute, sorted, unique); empty once
    // stop() has been called. Editors' backup, swap and probe files are not
    // changes.
    std::vector<std::filesystem::path> wait_for_changes(std::chrono::milliseconds settle);

    // Thread-safe: wakes a blocked wait_for_changes(), and every later one
    // returns at once.
    void stop();

private:
    // One inotify watch: a directory, and either every name in it or only
    // the names of the single-file roots it holds.
    struct Watch {
        std::filesystem::path directory;
        bool recursive = false;
        bool all_names = false;
        std::set<std::string> names;
    };

    void watch_file(const std::filesystem::path& file);
    void watch_tree(const std::filesystem::path& directory, std::vector<std::filesystem::path>* found_files);
    int add_watch(const std::filesystem::path& directory);
    void forget_tree(const std::filesystem::path& directory);

    enum class Wake { Changes, Timeout, Stopped };
    Wake poll_events(int timeout_ms);
    void read_events(std::set<std::filesystem::path>& changes);
    void handle_event(int wd, std::uint32_t mask, const std::string& name,
                      std::set<std::filesystem::path>& changes);

    FileDescriptor inotify_;
    FileDescriptor stop_event_;
    std::vector<std::filesystem::path> roots_;
    std::map<int, Watch> watches_;
};

}  // namespace tebiki::serve
