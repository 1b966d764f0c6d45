#pragma once
// What one build of a catalog hands to the next build of the same content.
// `tebiki serve` builds the catalog again after every save, and most files
// did not change: a file is parsed again only when its bytes, its path or the
// content config differ, and the git histories are read again only when the
// commit or the set of documents does, and then only as far back as the
// last walk (source/history.h). A memo holds the content set of the last
// build only. With a store (the build cache), files read by earlier
// processes are taken from it too: an incremental `tebiki build` parses only
// the files that changed, and reads the commits made since the last build.
// Not thread-safe: one build at a time (a store's load and save may be
// called from several threads).

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "document/diagnostic.h"
#include "reuse/build_memo.h"
#include "source/history.h"

namespace tebiki {
struct Document;
}

namespace tebiki::reuse {

class ReadFileStore;

class CatalogMemo {
public:
    // A Markdown file as reading it left it: the document (none when its
    // front matter is unusable) and the diagnostics it gave.
    struct ReadFile {
        std::shared_ptr<const Document> document;
        Diagnostics diagnostics;
    };

    explicit CatalogMemo(const ReadFileStore* store = nullptr) : store_(store) {}

    // The file read under `key`, or null when the memo has none.
    const ReadFile* find(const std::string& key);
    // The store the memo falls back on, or null.
    const ReadFileStore* store() const { return store_; }
    // Keeps a file just read under `key`.
    void keep(const std::string& key, ReadFile read);
    // The histories walked under `key`; else walk(earlier) with the last
    // walk of the same content root (kept here, or in the store under
    // `latest_key`) to stop at, or none.
    using HistoryWalk = std::function<source::WalkedHistories(const source::WalkedHistories* earlier)>;
    const source::FileHistories& histories(const std::string& key, const std::string& latest_key,
                                           const HistoryWalk& walk);
    // Forgets the files the build that just ended did not read.
    void end_build();

private:
    const ReadFileStore* store_;
    BuildMemo<ReadFile> files_;
    std::optional<std::string> histories_key_;
    source::WalkedHistories walked_;
};

// Files read by earlier processes, kept by the memo's key (which names the
// file's path, bytes and the content config), and the histories read, kept
// by theirs (the commit and the documents' paths); the store adds what else
// reading depends on (tebiki itself).
class ReadFileStore {
public:
    virtual ~ReadFileStore() = default;
    // The file kept under `key`, or none (never kept, or unreadable).
    virtual std::optional<CatalogMemo::ReadFile> load(const std::string& key) const = 0;
    // Keeps `read`; a store that cannot keep it says nothing.
    virtual void save(const std::string& key, const CatalogMemo::ReadFile& read) const = 0;
    // The same for walks of the histories.
    virtual std::optional<source::WalkedHistories> load_histories(const std::string& key) const = 0;
    virtual void save_histories(const std::string& key, const source::WalkedHistories& walked) const = 0;
};

}  // namespace tebiki::reuse
