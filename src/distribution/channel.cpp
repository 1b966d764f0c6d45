#include "distribution/channel.h"

#include <ctime>
#include <nlohmann/json.hpp>

#include "bundle/signing.h"

namespace tebiki::distribution {

namespace fs = std::filesystem;

namespace {

constexpr const char* kSignedPrefix = "tebiki-channel-1\n";

std::string hex_of(const std::string& bytes) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (unsigned char c : bytes) {
        out += digits[c >> 4];
        out += digits[c & 15];
    }
    return out;
}

std::optional<std::string> bytes_of_hex(const std::string& hex) {
    if (hex.size() % 2 != 0) return std::nullopt;
    std::string out;
    for (std::size_t i = 0; i < hex.size(); i += 2) {
        const auto nibble = [](char c) -> int {
            if (c >= '0' && c <= '9') return c - '0';
            if (c >= 'a' && c <= 'f') return c - 'a' + 10;
            return -1;
        };
        const int hi = nibble(hex[i]), lo = nibble(hex[i + 1]);
        if (hi < 0 || lo < 0) return std::nullopt;
        out += static_cast<char>(hi * 16 + lo);
    }
    return out;
}

// The ranges a manifest's values keep (bundle/manifest.h), for the
// channel's: a channel outside them is refused, never followed.
void require_sane_values(const Channel& c, const nlohmann::json& j) {
    const auto refuse = [](const std::string& why) { throw ChannelRefused("channel: " + why); };
    if (!bundle::is_audience_key(c.audience)) refuse("audience '" + c.audience.substr(0, 80) + "' is not an audience key");
    if (c.edition && (c.edition->empty() || c.edition->size() > bundle::kMaxLabelBytes))
        refuse("edition is empty or longer than " + std::to_string(bundle::kMaxLabelBytes) + " bytes");
    const bool commit_id = (c.source_commit.size() == 40 || c.source_commit.size() == 64) &&
                           c.source_commit.find_first_not_of("0123456789abcdef") == std::string::npos;
    if (!commit_id) refuse("source_commit '" + c.source_commit.substr(0, 80) + "' is not a git commit id");
    if (c.sha256.size() != 64 || c.sha256.find_first_not_of("0123456789abcdef") != std::string::npos)
        refuse("sha256 is not 64 lower-case hex digits");
    if (!j.at("size").is_number_unsigned() || c.size > bundle::kMaxBundleBytes)
        refuse("size " + j.at("size").dump() + " is not a whole number of bytes from 0 to " +
               std::to_string(bundle::kMaxBundleBytes));
    for (const char* field : {"published_at", "signed_at", "expires"}) {
        if (!j.at(field).is_number_integer()) refuse(std::string(field) + " is not a whole number");
        try {
            bundle::require_sane_time(j.at(field).get<long long>(), field);
        } catch (const std::runtime_error& e) {
            refuse(e.what());
        }
    }
}

}  // namespace

std::string Channel::body() const {
    const nlohmann::json j = {{"format", kChannelFormat},
                              {"audience", audience},
                              {"edition", edition ? nlohmann::json(*edition) : nlohmann::json(nullptr)},
                              {"source_commit", source_commit},
                              {"published_at", published_at},
                              {"zip", zip},
                              {"size", size},
                              {"sha256", sha256},
                              {"signed_at", signed_at},
                              {"expires", expires}};
    return j.dump();
}

Channel Channel::from_body(const std::string& body) {
    try {
        const auto j = nlohmann::json::parse(body);
        if (j.at("format").get<int>() != kChannelFormat)
            throw ChannelRefused("unsupported channel format " + j.at("format").dump());
        Channel c;
        c.audience = j.at("audience").get<std::string>();
        if (!j.at("edition").is_null()) c.edition = j.at("edition").get<std::string>();
        c.source_commit = j.at("source_commit").get<std::string>();
        c.published_at = j.at("published_at").get<long long>();
        c.zip = j.at("zip").get<std::string>();
        c.size = j.at("size").get<std::uint64_t>();
        c.sha256 = j.at("sha256").get<std::string>();
        c.signed_at = j.at("signed_at").get<long long>();
        c.expires = j.at("expires").get<long long>();
        // The zip is fetched beside the channel: a bare file name, nothing else.
        if (!bundle::is_safe_relative_path(c.zip) || c.zip.find('/') != std::string::npos ||
            c.zip.size() > bundle::kMaxNameBytes)
            throw ChannelRefused("channel names an unsafe zip '" + c.zip.substr(0, 80) + "'");
        require_sane_values(c, j);
        return c;
    } catch (const nlohmann::json::exception& e) {
        throw ChannelRefused(std::string("malformed channel: ") + e.what());
    }
}

std::string channel_file_name(const std::string& audience) { return audience + ".channel.json"; }

std::string signed_channel_file(const Channel& channel, const fs::path& key_file) {
    const std::string body = channel.body();
    const std::string signature = bundle::sign(kSignedPrefix + body, key_file);
    return nlohmann::json{{"signed", body}, {"signature", hex_of(signature)}}.dump(1) + "\n";
}

Channel read_channel_file(const std::string& bytes, const std::vector<std::string>& key_pems, std::string* signer) {
    if (bytes.size() > kMaxChannelBytes) throw ChannelRefused("channel file larger than any channel");
    std::string body, signature_hex;
    try {
        const auto j = nlohmann::json::parse(bytes);
        body = j.at("signed").get<std::string>();
        signature_hex = j.at("signature").get<std::string>();
    } catch (const nlohmann::json::exception& e) {
        throw ChannelRefused(std::string("malformed channel file: ") + e.what());
    }
    const auto signature = bytes_of_hex(signature_hex);
    if (!signature) throw ChannelRefused("malformed channel signature");
    for (const auto& pem : key_pems)
        if (bundle::verify_signature_pem(kSignedPrefix + body, *signature, pem)) {
            if (signer) *signer = bundle::key_fingerprint(pem);
            return Channel::from_body(body);
        }
    throw ChannelRefused("channel signature invalid: not signed by a trusted key (altered, or another key)");
}

Channel channel_for_zip(const bundle::Manifest& manifest, const fs::path& zip, long long now, int valid_days) {
    Channel c;
    c.audience = manifest.audience;
    c.edition = manifest.edition;
    c.source_commit = manifest.source_commit;
    c.published_at = manifest.published_at;
    c.zip = zip.filename().string();
    c.sha256 = bundle::sha256_file(zip, &c.size);
    c.signed_at = now;
    c.expires = now + static_cast<long long>(valid_days) * 86400;
    return c;
}

void write_channel_beside(const bundle::Manifest& manifest, const fs::path& zip, const fs::path& key_file,
                          long long now, int valid_days) {
    const Channel c = channel_for_zip(manifest, zip, now, valid_days);
    const fs::path target = zip.parent_path() / channel_file_name(manifest.audience);
    const fs::path temp = target.string() + ".tmp";
    bundle::write_bytes(temp, signed_channel_file(c, key_file));
    fs::rename(temp, target);
}

std::string utc_time_text(long long unix_seconds) {
    const std::time_t t = static_cast<std::time_t>(unix_seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buffer;
}

}  // namespace tebiki::distribution
