#include "distribution/sync.h"

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "bundle/bundle.h"
#include "bundle/fail_point.h"
#include "bundle/trust_store.h"
#include "distribution/remote_install.h"

namespace tebiki::distribution {

namespace fs = std::filesystem;

namespace {

struct StoredRecord {
    std::string url, etag, last_modified, channel_file;
    long long checked_at = 0;
};

std::optional<StoredRecord> read_stored(const fs::path& dir) {
    const fs::path file = dir / kChannelRecordFile;
    if (!fs::is_regular_file(file)) return std::nullopt;
    try {
        const auto j = nlohmann::json::parse(bundle::read_bytes(file));
        return StoredRecord{j.at("url").get<std::string>(), j.at("etag").get<std::string>(),
                            j.at("last_modified").get<std::string>(), j.at("channel_file").get<std::string>(),
                            j.at("checked_at").get<long long>()};
    } catch (const std::exception&) {
        return std::nullopt;  // a damaged record only costs one full request
    }
}

void write_atomically(const fs::path& target, const std::string& bytes) {
    const fs::path temp = target.string() + ".tmp-" + std::to_string(::getpid());
    bundle::write_bytes(temp, bytes);
    bundle::fail_point("recording");
    fs::rename(temp, target);
}

// The record, and the script the installed pages read: the channel's expiry
// is judged by the terminal's clock in the browser, so a terminal whose
// sync has stopped still shows the banner when the day comes.
void store_record(const fs::path& dir, const StoredRecord& record, const Channel& channel) {
    fs::create_directories(dir);
    write_atomically(dir / kChannelRecordFile,
                     nlohmann::json{{"url", record.url},
                                    {"etag", record.etag},
                                    {"last_modified", record.last_modified},
                                    {"channel_file", record.channel_file},
                                    {"checked_at", record.checked_at}}
                             .dump(1) +
                         "\n");
    const nlohmann::json script = {{"expires", utc_time_text(channel.expires)},
                                   {"edition", channel.edition ? nlohmann::json(*channel.edition) : nullptr},
                                   {"checked", utc_time_text(record.checked_at)}};
    write_atomically(dir / kChannelScriptFile, "window.tebikiChannel = " + script.dump() + ";\n");
}

std::vector<std::string> channel_keys(const fs::path& dir, const std::optional<fs::path>& pubkey) {
    const auto trusted = bundle::TrustStore(dir).keys();
    if (!trusted.empty()) return bundle::pems_of(trusted);
    if (pubkey) return {bundle::read_bytes(*pubkey)};
    throw ChannelRefused(dir.string() + " trusts no publisher key, so a channel cannot be checked: give --pubkey "
                                        "KEY (it is trusted from then on) or run 'tebiki trust --to " +
                         dir.string() + " KEY' first");
}

std::optional<bundle::Manifest> live_manifest(const fs::path& dir) {
    try {
        if (fs::exists(dir / "current" / bundle::kManifestFile))
            return bundle::Manifest::from_json(bundle::read_bytes(dir / "current" / bundle::kManifestFile));
    } catch (const std::exception&) {
    }
    return std::nullopt;
}

std::string edition_text(const std::optional<std::string>& edition) { return edition.value_or("(no edition)"); }

// Refuses a channel that must not be followed.
void judge(const Channel& channel, const std::string& audience, const std::optional<bundle::Manifest>& live,
           const std::optional<Channel>& seen, long long now) {
    if (channel.audience != audience)
        throw ChannelRefused("the channel is for audience '" + channel.audience + "', not '" + audience + "'");
    if (now >= channel.expires)
        throw ChannelRefused("the channel expired at " + utc_time_text(channel.expires) +
                             ": the publisher has not signed it again, or the server is serving an old copy. "
                             "Tell the publisher (tebiki channel re-signs it)");
    if (seen && channel.signed_at < seen->signed_at)
        throw ChannelRefused("the channel was signed at " + utc_time_text(channel.signed_at) +
                             ", before the one this terminal saw already (" + utc_time_text(seen->signed_at) +
                             "): a replayed old channel");
    if (live && channel.published_at < live->published_at)
        throw ChannelRefused("the channel names edition " + edition_text(channel.edition) +
                             ", older than the live " + edition_text(live->edition) + ": not installed");
}

}  // namespace

SyncResult sync(const std::string& base_url, const fs::path& dir, const SyncOptions& options, long long now) {
    // A foreign DIR, usage and trust are judged before the lock creates anything in DIR.
    bundle::refuse_unrecognised(dir);
    if (options.audience.empty() && !live_manifest(dir))
        throw std::invalid_argument("nothing is installed in " + dir.string() +
                                    " yet: say which audience to sync with --audience KEY");
    channel_keys(dir, options.pubkey);
    // From reading the live edition to recording the channel, one sync,
    // install or rollback at a time: a second sync waits, then finds the
    // edition the first installed already live and installs nothing.
    const bundle::InstallLock lock(dir);
    const auto live = live_manifest(dir);
    const std::string audience = !options.audience.empty() ? options.audience : live ? live->audience : "";
    if (audience.empty())
        throw std::invalid_argument("nothing is installed in " + dir.string() +
                                    " yet: say which audience to sync with --audience KEY");
    const auto keys = channel_keys(dir, options.pubkey);
    const std::string url = url_beside(base_url, channel_file_name(audience));
    auto stored = read_stored(dir);
    if (stored && stored->url != url) stored.reset();
    std::optional<Channel> seen;
    if (stored) {
        try {
            seen = read_channel_file(stored->channel_file, keys, nullptr);
        } catch (const ChannelRefused&) {
            stored.reset();  // not signed by a key trusted now: ask afresh
        }
    }

    const SmallFile answer = fetch_small(url, stored ? stored->etag : "", stored ? stored->last_modified : "",
                                         kMaxChannelBytes, options.fetch);
    StoredRecord record = answer.not_modified && stored
                              ? *stored
                              : StoredRecord{url, answer.etag, answer.last_modified, answer.body, 0};
    record.checked_at = now;
    SyncResult result;
    result.not_modified = answer.not_modified && stored;
    result.channel = read_channel_file(record.channel_file, keys, nullptr);
    const auto seen_before = result.not_modified ? std::nullopt : seen;
    try {
        judge(result.channel, audience, live, seen_before, now);
    } catch (const ChannelRefused&) {
        // An expired channel is recorded, so status and the pages say so;
        // a replayed one is not: the newer one seen stays the record.
        if (now >= result.channel.expires && (!seen || result.channel.signed_at >= seen->signed_at))
            store_record(dir, record, result.channel);
        throw;
    }
    if (!live || live->source_commit != result.channel.source_commit) {
        bundle::InstallOptions install;
        install.pubkey = options.pubkey;
        install.keep = options.keep;
        result.installed = install_from_url(url_beside(base_url, result.channel.zip), dir, install, options.fetch,
                                            ExpectedZip{result.channel.size, result.channel.sha256}, &lock);
        bundle::fail_point("sync-installed");
    }
    store_record(dir, record, result.channel);
    return result;
}

std::optional<ChannelRecord> read_channel_record(const fs::path& dir, const std::vector<std::string>& key_pems) {
    const auto stored = read_stored(dir);
    if (!stored) return std::nullopt;
    ChannelRecord record;
    record.url = stored->url;
    record.checked_at = stored->checked_at;
    if (key_pems.empty()) {
        const auto j = nlohmann::json::parse(stored->channel_file);
        record.channel = Channel::from_body(j.at("signed").get<std::string>());
    } else {
        record.channel = read_channel_file(stored->channel_file, key_pems, &record.signer);
    }
    return record;
}

}  // namespace tebiki::distribution
