#pragma once
// What one build of a catalog hands to the next build of the same content.
// `tebiki serve` builds the catalog again after every save, and most files
// did not change: a file is parsed again only when its bytes, its path or the
// content config differ, and the git histories are read again only when the
// commit or the set of documents does. A memo holds the content set of the
// last build only. Not thread-safe: one build at a time.

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "document/build_memo.h"
#include "document/diagnostic.h"
#include "source/history.h"

namespace tebiki {

struct Document;

class CatalogMemo {
public:
    // A Markdown file as reading it left it: the document (none when its
    // front matter is unusable) and the diagnostics it gave.
    struct ReadFile {
        std::shared_ptr<const Document> document;
        Diagnostics diagnostics;
    };

    // The file read under `key`, or null when the memo has none.
    const ReadFile* find(const std::string& key);
    // Keeps a file just read under `key`.
    void keep(const std::string& key, ReadFile read);
    const source::FileHistories& histories(const std::string& key,
                                           const std::function<source::FileHistories()>& read);
    // Forgets the files the build that just ended did not read.
    void end_build();

private:
    BuildMemo<ReadFile> files_;
    std::optional<std::string> histories_key_;
    source::FileHistories histories_;
};

}  // namespace tebiki
