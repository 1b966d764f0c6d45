#include "document/catalog_memo.h"

namespace tebiki {

const CatalogMemo::ReadFile& CatalogMemo::read(const std::string& key, const std::function<ReadFile()>& read) {
    auto it = files_.find(key);
    if (it == files_.end()) it = files_.emplace(key, Entry{read(), false}).first;
    it->second.used = true;
    return it->second.file;
}

const source::FileHistories& CatalogMemo::histories(const std::string& key,
                                                    const std::function<source::FileHistories()>& read) {
    if (histories_key_ != key) {
        histories_ = read();
        histories_key_ = key;
    }
    return histories_;
}

void CatalogMemo::end_build() {
    std::erase_if(files_, [](const auto& entry) { return !entry.second.used; });
    for (auto& [key, entry] : files_) entry.used = false;
}

}  // namespace tebiki
