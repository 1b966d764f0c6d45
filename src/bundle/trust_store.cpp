#include "bundle/trust_store.h"

#include <unistd.h>

#include <algorithm>
#include <stdexcept>

#include "bundle/bundle.h"
#include "bundle/fail_point.h"
#include "bundle/install.h"
#include "bundle/manifest.h"
#include "bundle/signing.h"

namespace tebiki::bundle {

namespace fs = std::filesystem;

namespace {

// "ed25519:0123…" as a file name: the colon is not welcome on every system.
std::string file_name_of(const std::string& fingerprint) {
    std::string name = fingerprint;
    std::replace(name.begin(), name.end(), ':', '-');
    return name + ".pub";
}

}  // namespace

TrustStore::TrustStore(fs::path install_dir) : dir_(std::move(install_dir) / kTrustedKeysDir) {}

std::vector<TrustedKey> TrustStore::keys() const {
    std::vector<TrustedKey> out;
    std::error_code ec;
    if (!fs::is_directory(dir_, ec)) return out;
    for (const auto& entry : fs::directory_iterator(dir_)) {
        if (entry.path().extension() != ".pub") continue;
        TrustedKey key;
        key.pem = read_bytes(entry.path());
        try {
            key.fingerprint = key_fingerprint(key.pem);
        } catch (const std::exception&) {
            throw std::runtime_error(entry.path().string() +
                                     " is not an Ed25519 public key in PEM; remove it or put the publisher's "
                                     "key back with 'tebiki trust'");
        }
        out.push_back(std::move(key));
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.fingerprint < b.fingerprint; });
    return out;
}

bool TrustStore::trusts(const std::string& fingerprint) const {
    const auto all = keys();
    return std::any_of(all.begin(), all.end(), [&](const auto& k) { return k.fingerprint == fingerprint; });
}

std::string TrustStore::add(const std::string& pem) {
    const std::string fingerprint = key_fingerprint(pem);  // throws on anything but an Ed25519 key
    fs::create_directories(dir_);
    const fs::path target = dir_ / file_name_of(fingerprint);
    const fs::path temp = dir_ / (".adding-" + std::to_string(::getpid()));
    write_bytes(temp, pem);
    fsync_path(temp);
    fail_point("trusting");
    fs::rename(temp, target);
    fsync_path(dir_);
    return fingerprint;
}

void TrustStore::remove(const std::string& fingerprint) {
    const auto all = keys();
    if (std::none_of(all.begin(), all.end(), [&](const auto& k) { return k.fingerprint == fingerprint; }))
        throw InstallRefused(dir_.parent_path().string() + " does not trust " + fingerprint +
                             " (see the trusted keys with: tebiki trust --to " + dir_.parent_path().string() + ")");
    if (all.size() == 1)
        throw InstallRefused(dir_.parent_path().string() + " trusts only " + fingerprint +
                             ", and without it would take bundles signed by anyone: trust the publisher's new key "
                             "first (tebiki trust --to " + dir_.parent_path().string() + " NEW.pub)");
    // By content, not by name: a key put in by hand may have any file name.
    for (const auto& entry : fs::directory_iterator(dir_))
        if (entry.path().extension() == ".pub" && key_fingerprint(read_bytes(entry.path())) == fingerprint)
            fs::remove(entry.path());
    fsync_path(dir_);
}

std::vector<std::string> pems_of(const std::vector<TrustedKey>& keys) {
    std::vector<std::string> out;
    for (const auto& k : keys) out.push_back(k.pem);
    return out;
}

}  // namespace tebiki::bundle
