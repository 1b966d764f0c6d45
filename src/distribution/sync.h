#pragma once
// `tebiki sync BASE_URL --to DIR`: a terminal pulls its audience's channel
// (BASE_URL/<audience>.channel.json) and, when it names another edition
// than the live one, the zip beside it. The channel is asked for with a
// conditional GET, so an unchanged edition costs one small request that a
// proxy or CDN can answer. What the terminal last saw of the channel is
// kept in DIR/channel.json (status reads it), and DIR/tebiki-channel.js
// tells the installed site's pages when the channel expires (the stale
// banner).

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "bundle/install.h"
#include "distribution/channel.h"
#include "distribution/http_fetch.h"

namespace tebiki::distribution {

inline constexpr const char* kChannelRecordFile = "channel.json";
inline constexpr const char* kChannelScriptFile = "tebiki-channel.js";

struct SyncOptions {
    std::optional<std::filesystem::path> pubkey;  // only for a DIR that trusts no key yet
    std::string audience;                         // empty: the live copy's
    std::size_t keep = 3;
    FetchOptions fetch;
};

struct SyncResult {
    Channel channel;
    bool not_modified = false;                   // the server answered 304
    std::optional<bundle::InstallResult> installed;  // none: the live edition was current
};

// Throws ChannelRefused (a channel not to follow: unsigned, foreign,
// expired, older than the live copy or than the last one seen),
// bundle::InstallRefused, FetchError, std::invalid_argument (no audience
// to sync), std::runtime_error (I/O).
SyncResult sync(const std::string& base_url, const std::filesystem::path& dir, const SyncOptions& options,
                long long now);

// What DIR/channel.json holds: the last channel seen, checked again here
// against `key_pems` (none: not checked).
struct ChannelRecord {
    Channel channel;
    std::string url;
    long long checked_at = 0;  // the last time the server was asked
    std::string signer;        // empty when not checked
};
std::optional<ChannelRecord> read_channel_record(const std::filesystem::path& dir,
                                                 const std::vector<std::string>& key_pems);

}  // namespace tebiki::distribution
