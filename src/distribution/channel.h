#pragma once
// The channel: a small signed file per audience, <audience>.channel.json,
// published beside <audience>.zip, that tells terminals which edition is
// current and how to check its zip before installing it. Like TUF's
// timestamp role it expires: a frozen mirror or a replayed old channel is
// noticed once its expiry has passed, because only the publisher's key can
// make a newer one.
//
// The file is JSON: {"signature": "<hex>", "signed": "<the channel body>"},
// where the body is itself JSON (sorted keys) kept as a string so that the
// signature covers its exact bytes. The signed message is the body prefixed
// with "tebiki-channel-1\n", so a channel signature can never pass for a
// manifest's.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "bundle/manifest.h"

namespace tebiki::distribution {

inline constexpr int kChannelFormat = 1;
// How long a channel written by publish or build stays valid; `tebiki
// channel` signs it again for longer without publishing anew.
inline constexpr int kDefaultChannelDays = 30;
// A channel is a few hundred bytes: nothing bigger is read before its
// signature is checked.
inline constexpr std::size_t kMaxChannelBytes = 64 * 1024;

struct Channel {
    std::string audience;
    std::optional<std::string> edition;
    std::string source_commit;
    long long published_at = 0;  // the edition's commit time, as in the manifest
    std::string zip;             // file name beside the channel: "ward-5w.zip"
    std::uint64_t size = 0;
    std::string sha256;          // of the zip
    long long signed_at = 0;     // Unix seconds
    long long expires = 0;       // Unix seconds

    std::string body() const;
    static Channel from_body(const std::string& body);  // throws ChannelRefused
};

// A channel that is malformed, unsigned, signed by a key not trusted,
// expired or otherwise not to be followed.
struct ChannelRefused : std::runtime_error {
    using std::runtime_error::runtime_error;
};

std::string channel_file_name(const std::string& audience);

// The channel file's bytes, signed with the private key in `key_file`.
std::string signed_channel_file(const Channel& channel, const std::filesystem::path& key_file);

// Parses a channel file and checks its signature against `key_pems`;
// returns the channel and sets `signer` to the signing key's fingerprint.
// Expiry is the caller's to judge. Throws ChannelRefused.
Channel read_channel_file(const std::string& bytes, const std::vector<std::string>& key_pems, std::string* signer);

// The channel of a published zip: its manifest's edition and commit, the
// zip's size and SHA-256, signed now and valid for `valid_days`.
Channel channel_for_zip(const bundle::Manifest& manifest, const std::filesystem::path& zip, long long now,
                        int valid_days);

// Writes <zip's directory>/<audience>.channel.json for `zip`, signed.
void write_channel_beside(const bundle::Manifest& manifest, const std::filesystem::path& zip,
                          const std::filesystem::path& key_file, long long now, int valid_days);

// "2026-05-01T09:00:00Z"
std::string utc_time_text(long long unix_seconds);

}  // namespace tebiki::distribution
