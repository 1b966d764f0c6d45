#include "document/catalog_memo.h"

namespace tebiki {

const CatalogMemo::ReadFile* CatalogMemo::find(const std::string& key) { return files_.find(key); }

void CatalogMemo::keep(const std::string& key, ReadFile read) { files_.insert(key, std::move(read)); }

const source::FileHistories& CatalogMemo::histories(const std::string& key,
                                                    const std::function<source::FileHistories()>& read) {
    if (histories_key_ == key) return histories_;
    std::optional<source::FileHistories> kept = store_ != nullptr ? store_->load_histories(key) : std::nullopt;
    if (!kept) {
        kept = read();
        if (store_ != nullptr) store_->save_histories(key, *kept);
    }
    histories_ = std::move(*kept);
    histories_key_ = key;
    return histories_;
}

void CatalogMemo::end_build() { files_.sweep(); }

}  // namespace tebiki
