#include "reuse/catalog_memo.h"

namespace tebiki::reuse {

const CatalogMemo::ReadFile* CatalogMemo::find(const std::string& key) { return files_.find(key); }

void CatalogMemo::keep(const std::string& key, ReadFile read) { files_.insert(key, std::move(read)); }

const source::FileHistories& CatalogMemo::histories(const std::string& key, const std::string& latest_key,
                                                    const HistoryWalk& walk) {
    if (histories_key_ == key) return walked_.histories;
    std::optional<source::WalkedHistories> kept = store_ != nullptr ? store_->load_histories(key) : std::nullopt;
    if (!kept) {
        std::optional<source::WalkedHistories> latest;
        if (!histories_key_ && store_ != nullptr) latest = store_->load_histories(latest_key);
        kept = walk(histories_key_ ? &walked_ : latest ? &*latest : nullptr);
        if (store_ != nullptr) {
            store_->save_histories(key, *kept);
            store_->save_histories(latest_key, *kept);
        }
    }
    walked_ = std::move(*kept);
    histories_key_ = key;
    return walked_.histories;
}

void CatalogMemo::end_build() { files_.sweep(); }

}  // namespace tebiki::reuse
