#include "serve/file_watcher.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>

#include "serve/serve_error.h"

namespace tebiki::serve {

namespace fs = std::filesystem;

namespace {

// Everything that can mean "the file's content is different now". IN_MODIFY
// as well as IN_CLOSE_WRITE, because a program may keep a file open.
constexpr std::uint32_t kWatchMask = IN_CREATE | IN_MODIFY | IN_CLOSE_WRITE | IN_DELETE | IN_MOVED_FROM |
                                     IN_MOVED_TO | IN_DELETE_SELF | IN_ONLYDIR | IN_EXCL_UNLINK;

// Files editors write beside the real one while saving or editing: backups
// (x.md~), vim's swap files and its probe file 4913, Emacs's lock files.
bool is_editor_noise(const std::string& name) {
    return name.ends_with('~') || name.ends_with(".swp") || name.ends_with(".swx") || name.starts_with(".#") ||
           name == "4913";
}

// git's own directory changes on every git command, never because of a save.
bool is_skipped_directory(const std::string& name) { return name == ".git"; }

bool is_under(const fs::path& path, const fs::path& directory) {
    const std::string p = path.string();
    const std::string d = directory.string();
    return p == d || (p.size() > d.size() && p.starts_with(d) && p[d.size()] == '/');
}

int to_poll_timeout(std::chrono::milliseconds timeout) {
    const auto limit = static_cast<long long>(std::numeric_limits<int>::max());
    return static_cast<int>(std::clamp<long long>(timeout.count(), 0, limit));
}

[[noreturn]] void throw_watch_error(const fs::path& directory, int error) {
    if (error == ENOSPC)
        throw ServeError("cannot watch " + directory.string() +
                         " for changes: the system's limit of inotify watches is reached; raise it, e.g. "
                         "`sudo sysctl fs.inotify.max_user_watches=524288`");
    throw ServeError("cannot watch " + directory.string() + " for changes: " + std::strerror(error));
}

}  // namespace

FileWatcher::FileWatcher(std::vector<fs::path> roots) {
    inotify_ = FileDescriptor(inotify_init1(IN_NONBLOCK | IN_CLOEXEC));
    if (!inotify_.valid()) {
        const int error = errno;
        throw ServeError(std::string("cannot watch files for changes: inotify_init1: ") + std::strerror(error) +
                         (error == EMFILE ? "; raise `sysctl fs.inotify.max_user_instances` or close other "
                                            "programs that watch files"
                                          : ""));
    }
    stop_event_ = FileDescriptor(eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC));
    if (!stop_event_.valid())
        throw ServeError(std::string("cannot watch files for changes: eventfd: ") + std::strerror(errno));

    for (const auto& root : roots) {
        const fs::path absolute = fs::absolute(root).lexically_normal();
        std::error_code ec;
        const auto status = fs::status(absolute, ec);
        if (fs::is_directory(status)) {
            roots_.push_back(absolute);
            watch_tree(absolute, nullptr);
        } else if (fs::exists(status)) {
            roots_.push_back(absolute);
            watch_file(absolute);
        }
    }
}

// Editors save by writing a temporary file and renaming it over the real
// one, which replaces the inode: only the directory sees that.
void FileWatcher::watch_file(const fs::path& file) {
    const int wd = add_watch(file.parent_path());
    if (wd < 0) return;
    Watch& watch = watches_[wd];
    watch.directory = file.parent_path();
    watch.names.insert(file.filename().string());
}

// Watches `directory` and every directory below it. Files already there are
// added to `found_files` when given: a new directory's files may have been
// written before its watch existed.
void FileWatcher::watch_tree(const fs::path& directory, std::vector<fs::path>* found_files) {
    const int wd = add_watch(directory);
    if (wd < 0) return;
    Watch& watch = watches_[wd];
    watch.directory = directory;
    watch.recursive = true;
    watch.all_names = true;

    std::error_code ec;
    for (fs::directory_iterator it(directory, ec), end; !ec && it != end; it.increment(ec)) {
        const fs::path child = it->path();
        const std::string name = child.filename().string();
        std::error_code status_ec;
        const auto status = it->symlink_status(status_ec);
        if (fs::is_directory(status)) {
            if (!is_skipped_directory(name)) watch_tree(child, found_files);
        } else if (found_files != nullptr && !is_editor_noise(name)) {
            found_files->push_back(child);
        }
    }
}

// The watch descriptor, or -1 when the directory vanished meanwhile.
int FileWatcher::add_watch(const fs::path& directory) {
    const int wd = inotify_add_watch(inotify_.get(), directory.c_str(), kWatchMask);
    if (wd >= 0) return wd;
    const int error = errno;
    if (error == ENOENT || error == ENOTDIR) return -1;
    throw_watch_error(directory, error);
}

// A directory moved away keeps its watches, which would then report changes
// under the old name: drop them.
void FileWatcher::forget_tree(const fs::path& directory) {
    for (auto it = watches_.begin(); it != watches_.end();) {
        if (is_under(it->second.directory, directory)) {
            inotify_rm_watch(inotify_.get(), it->first);
            it = watches_.erase(it);
        } else {
            ++it;
        }
    }
}

std::vector<fs::path> FileWatcher::wait_for_changes(std::chrono::milliseconds settle) {
    std::set<fs::path> changes;
    while (changes.empty()) {
        if (poll_events(-1) == Wake::Stopped) return {};
        read_events(changes);
    }
    // Editors save in several steps (temporary file, rename, backup): one
    // rebuild for all of them.
    for (;;) {
        const Wake wake = poll_events(to_poll_timeout(settle));
        if (wake == Wake::Stopped) return {};
        if (wake == Wake::Timeout) break;
        read_events(changes);
    }
    return {changes.begin(), changes.end()};
}

void FileWatcher::stop() {
    // The counter stays non-zero, so every later poll sees it too.
    const std::uint64_t one = 1;
    [[maybe_unused]] const auto written = ::write(stop_event_.get(), &one, sizeof one);
}

FileWatcher::Wake FileWatcher::poll_events(int timeout_ms) {
    pollfd fds[2] = {{inotify_.get(), POLLIN, 0}, {stop_event_.get(), POLLIN, 0}};
    for (;;) {
        const int ready = ::poll(fds, 2, timeout_ms);
        if (ready < 0 && errno == EINTR) continue;
        if (ready < 0) throw ServeError(std::string("cannot wait for file changes: poll: ") + std::strerror(errno));
        if (fds[1].revents != 0) return Wake::Stopped;
        return ready == 0 ? Wake::Timeout : Wake::Changes;
    }
}

void FileWatcher::read_events(std::set<fs::path>& changes) {
    alignas(inotify_event) char buffer[64 * 1024];
    for (;;) {
        const ssize_t length = ::read(inotify_.get(), buffer, sizeof buffer);
        if (length <= 0) return;  // EAGAIN: drained
        for (ssize_t offset = 0; offset < length;) {
            const auto* event = reinterpret_cast<const inotify_event*>(buffer + offset);
            const std::string name = event->len > 0 ? std::string(event->name) : std::string();
            handle_event(event->wd, event->mask, name, changes);
            offset += static_cast<ssize_t>(sizeof(inotify_event) + event->len);
        }
    }
}

void FileWatcher::handle_event(int wd, std::uint32_t mask, const std::string& name, std::set<fs::path>& changes) {
    if (mask & IN_Q_OVERFLOW) {
        // Events were lost: anything may have changed.
        changes.insert(roots_.begin(), roots_.end());
        return;
    }
    const auto found = watches_.find(wd);
    if (found == watches_.end()) return;
    const Watch& watch = found->second;
    if (mask & IN_IGNORED) {
        watches_.erase(found);
        return;
    }
    if (mask & IN_DELETE_SELF) {
        if (watch.all_names) changes.insert(watch.directory);
        return;
    }
    if (name.empty() || is_editor_noise(name)) return;
    if (!watch.all_names && !watch.names.contains(name)) return;

    const fs::path path = watch.directory / name;
    changes.insert(path);
    if (!(mask & IN_ISDIR) || !watch.recursive || is_skipped_directory(name)) return;
    if (mask & (IN_MOVED_FROM | IN_DELETE)) forget_tree(path);
    if (mask & (IN_CREATE | IN_MOVED_TO)) {
        std::vector<fs::path> found_files;
        watch_tree(path, &found_files);
        changes.insert(found_files.begin(), found_files.end());
    }
}

}  // namespace tebiki::serve
