#include "bundle/install.h"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <iostream>

namespace tebiki::bundle {

namespace fs = std::filesystem;

namespace {

// The one place TEBIKI_FAIL_AT is read: exits as a crash would, after `stage`.
void fail_point(const char* stage) {
    const char* at = std::getenv("TEBIKI_FAIL_AT");
    if (at != nullptr && std::string(at) == stage) {
        std::cerr << "tebiki: TEBIKI_FAIL_AT=" << stage << ": stopping here\n";
        std::_Exit(75);
    }
}

std::string slug_of(const Manifest& m) {
    std::string name = m.edition ? *m.edition : "build-" + m.source_commit.substr(0, 7);
    for (char& c : name)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '-') c = '-';
    return name;
}

struct Generation {
    long number;
    std::string name;
};

// The complete generations, oldest first.
std::vector<Generation> generations(const fs::path& dir) {
    std::vector<Generation> out;
    const fs::path gens = dir / "generations";
    if (!fs::is_directory(gens)) return out;
    for (const auto& e : fs::directory_iterator(gens)) {
        const std::string name = e.path().filename().string();
        char* end = nullptr;
        const long n = std::strtol(name.c_str(), &end, 10);
        if (end == name.c_str() || *end != '-' || n <= 0) continue;
        out.push_back({n, name});
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.number < b.number; });
    return out;
}

long next_number(const fs::path& dir) {
    long n = 0;
    for (const auto& g : generations(dir)) n = std::max(n, g.number);
    if (fs::is_directory(dir / "generations"))
        for (const auto& e : fs::directory_iterator(dir / "generations")) {
            const std::string name = e.path().filename().string();
            if (name.starts_with(".partial-")) n = std::max(n, std::strtol(name.c_str() + 9, nullptr, 10));
        }
    return n + 1;
}

// The generation DIR/current points at, or "".
std::string live_generation(const fs::path& dir) {
    std::error_code ec;
    const fs::path target = fs::read_symlink(dir / "current", ec);
    if (ec) return "";
    return target.filename().string();
}

void switch_current(const fs::path& dir, const std::string& generation) {
    const fs::path temp = dir / (".current-" + std::to_string(::getpid()));
    fs::remove(temp);
    fs::create_symlink(fs::path("generations") / generation, temp);
    fs::rename(temp, dir / "current");  // rename(2): atomic replacement of the symlink
    fsync_path(dir);
}

void copy_directory_bundle(const fs::path& from, const fs::path& to) {
    fs::create_directories(to);
    fs::copy(from, to, fs::copy_options::recursive);
    std::vector<fs::path> dirs{to};
    for (auto it = fs::recursive_directory_iterator(to); it != fs::recursive_directory_iterator(); ++it) {
        if (it->is_directory()) dirs.push_back(it->path());
        else fsync_path(it->path());
    }
    for (auto it = dirs.rbegin(); it != dirs.rend(); ++it) fsync_path(*it);
    fsync_path(to.parent_path());
}

std::string joined(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& l : lines) out += (out.empty() ? "" : "\n") + l;
    return out;
}

}  // namespace

InstallResult install_bundle(const fs::path& bundle, const fs::path& dir, const InstallOptions& options) {
    const VerifyReport report = verify_bundle(bundle, options.pubkey);
    if (!report.ok()) throw InstallRefused(joined(report.errors));
    const Manifest& incoming = *report.manifest;

    const std::string live = live_generation(dir);
    if (!live.empty()) {
        std::optional<Manifest> current;
        try {
            current = Manifest::from_json(read_bytes(dir / "current" / kManifestFile));
        } catch (const std::exception&) {
            // A live copy without a readable manifest: nothing to compare with.
        }
        if (current && current->audience != incoming.audience)
            throw InstallRefused("bundle for audience '" + incoming.audience + "', but '" + current->audience +
                                 "' is installed in " + dir.string());
        if (current && incoming.published_at < current->published_at && !options.allow_downgrade)
            throw InstallRefused("downgrade refused: " + incoming.edition.value_or("(no edition)") +
                                 " is older than the live " + current->edition.value_or("(no edition)") +
                                 " (--allow-downgrade to install it anyway)");
    }

    const fs::path gens = dir / "generations";
    fs::create_directories(gens);
    // Leftovers of an interrupted install are never live: remove them.
    for (const auto& e : fs::directory_iterator(gens))
        if (e.path().filename().string().starts_with(".partial-")) fs::remove_all(e.path());
    for (const auto& e : fs::directory_iterator(dir))
        if (e.path().filename().string().starts_with(".current-")) fs::remove(e.path());

    const long number = next_number(dir);
    const std::string generation = std::to_string(number) + "-" + slug_of(incoming);
    const fs::path partial = gens / (".partial-" + std::to_string(number));
    if (fs::is_directory(bundle)) copy_directory_bundle(bundle, partial);
    else unpack_zip(bundle, partial);  // syncs every file and directory
    fail_point("unpacked");
    fs::rename(partial, gens / generation);
    fsync_path(gens);
    fail_point("synced");
    // The copy on disk, not only the bundle read before, must verify.
    const VerifyReport unpacked = verify_bundle(gens / generation, options.pubkey);
    if (!unpacked.ok()) {
        fs::remove_all(gens / generation);
        throw InstallRefused("the unpacked copy does not verify:\n" + joined(unpacked.errors));
    }
    switch_current(dir, generation);
    fail_point("switched");

    // Keep the newest `keep` generations, and always the live one.
    auto all = generations(dir);
    const std::size_t keep = std::max<std::size_t>(options.keep, 1);
    for (std::size_t i = 0; i + keep < all.size(); ++i)
        if (all[i].name != generation) fs::remove_all(gens / all[i].name);
    return {incoming, generation};
}

std::string rollback(const fs::path& dir) {
    const std::string live = live_generation(dir);
    if (live.empty()) throw InstallRefused("nothing is installed in " + dir.string());
    const auto all = generations(dir);
    const auto it = std::find_if(all.begin(), all.end(), [&](const auto& g) { return g.name == live; });
    if (it == all.end() || it == all.begin())
        throw InstallRefused("no generation before " + live + " to roll back to");
    const std::string previous = std::prev(it)->name;
    switch_current(dir, previous);
    return previous;
}

InstallStatus install_status(const fs::path& dir, const std::optional<fs::path>& pubkey) {
    InstallStatus status;
    status.generation = live_generation(dir);
    if (!status.generation.empty()) status.report = verify_bundle(dir / "current", pubkey);
    return status;
}

}  // namespace tebiki::bundle
