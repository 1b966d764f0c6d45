// Terminal trust and distribution (issue 16): trust, sync, channel.

#include <fmt/format.h>

#include <ctime>
#include <iostream>
#include <optional>

#include "bundle/install.h"
#include "bundle/manifest.h"
#include "bundle/signing.h"
#include "bundle/trust_store.h"
#include "cli/commands.h"
#include "distribution/channel.h"
#include "distribution/sync.h"

namespace tebiki::cli {

namespace fs = std::filesystem;

namespace {

// The PEM text of a publisher's public key file; none, having said why, when
// the file is not one.
std::optional<std::string> read_public_key(const std::string& path) {
    try {
        std::string pem = bundle::read_bytes(path);
        bundle::key_fingerprint(pem);
        return pem;
    } catch (const std::exception&) {
        std::cerr << "tebiki: error: " << path
                  << " is not an Ed25519 public key in PEM (the publisher's tebiki-signing.pub)\n";
        return std::nullopt;
    }
}

}  // namespace

int run_trust(const TrustOptions& options) {
    try {
        bundle::TrustStore store(options.to_dir);
        if (!options.remove.empty()) {
            // A fingerprint as `tebiki trust` lists it, or the key's file.
            std::string fingerprint = options.remove;
            std::error_code ec;
            if (fs::is_regular_file(options.remove, ec)) {
                const std::optional<std::string> pem = read_public_key(options.remove);
                if (!pem) return kExitUsage;
                fingerprint = bundle::key_fingerprint(*pem);
            }
            if (!fs::is_directory(options.to_dir, ec)) {  // the lock would make a mistyped DIR
                std::cerr << "tebiki: trust refused: " << options.to_dir << " is not an install directory\n";
                return kExitContentErrors;
            }
            const bundle::InstallLock lock(options.to_dir);
            store.remove(fingerprint);
            std::cout << options.to_dir << ": no longer trusts " << fingerprint
                      << "; a bundle it signed no longer goes live here (tebiki status says whether the live copy "
                         "is still signed by a trusted key)\n";
            return kExitSuccess;
        }
        if (options.key.empty()) {
            const auto keys = store.keys();
            if (keys.empty())
                std::cout << options.to_dir << ": trusts no key (unprotected)\n";
            for (const auto& key : keys) std::cout << options.to_dir << ": trusts " << key.fingerprint << '\n';
            return kExitSuccess;
        }
        const std::optional<std::string> pem = read_public_key(options.key);
        if (!pem) return kExitUsage;
        // Under DIR's lock: an install clearing what killed runs left must
        // never take this key's temporary file for a leftover.
        const bundle::InstallLock lock(options.to_dir);
        const std::string fingerprint = store.add(*pem);
        std::cout << options.to_dir << ": now trusts " << fingerprint
                  << "; from now on only bundles signed by a trusted key go live here\n";
        return kExitSuccess;
    } catch (const bundle::InstallRefused& e) {
        std::cerr << "tebiki: trust refused: " << e.what() << '\n';
        return kExitContentErrors;
    } catch (const std::exception& e) {
        std::cerr << "tebiki: error: " << e.what() << '\n';
        return kExitEnvironment;
    }
}

int run_sync(const SyncCommandOptions& options) {
    const std::string left = "; " + options.to_dir + "/current was left as it was\n";
    try {
        distribution::SyncOptions sync;
        if (!options.pubkey.empty()) sync.pubkey = options.pubkey;
        sync.audience = options.audience;
        sync.keep = options.keep;
        sync.fetch.timeout = std::chrono::seconds(options.timeout);
        const auto result = distribution::sync(options.base_url, options.to_dir, sync, std::time(nullptr));
        const std::string edition = result.channel.edition.value_or("(no edition)");
        if (!result.installed) {
            std::cout << fmt::format("{}: current: edition {}{}\n", options.to_dir, edition,
                                     result.not_modified ? " (channel not modified)" : "");
            return kExitSuccess;
        }
        std::cout << fmt::format("{}: installed edition {} as generation {}\n", options.to_dir, edition,
                                 result.installed->generation);
        for (const auto& key : result.installed->newly_trusted)
            std::cout << options.to_dir << ": now trusts " << key << '\n';
        return kExitSuccess;
    } catch (const distribution::ChannelRefused& e) {
        std::cout << options.base_url << ": error: " << e.what() << '\n';
        std::cerr << "tebiki: sync refused" << left;
        return kExitContentErrors;
    } catch (const bundle::InstallRefused& e) {
        std::cout << options.base_url << ": error: " << e.what() << '\n';
        std::cerr << "tebiki: install refused" << left;
        return kExitContentErrors;
    } catch (const distribution::FetchError& e) {
        std::cerr << "tebiki: error: " << e.describe() << left;
        return kExitEnvironment;
    } catch (const std::invalid_argument& e) {
        std::cerr << "tebiki: error: " << e.what() << '\n';
        return kExitUsage;
    } catch (const std::exception& e) {
        std::cerr << "tebiki: error: " << e.what() << left;
        return kExitEnvironment;
    }
}

int run_channel(const ChannelOptions& options) {
    try {
        if (options.valid_days < 1) {
            std::cerr << "tebiki: error: --valid-days must be at least 1\n";
            return kExitUsage;
        }
        std::size_t written = 0;
        const long long now = std::time(nullptr);
        for (const auto& entry : fs::directory_iterator(options.out_dir)) {
            if (entry.path().extension() != ".zip") continue;
            const fs::path manifest_file = entry.path().parent_path() / entry.path().stem() / bundle::kManifestFile;
            if (!fs::is_regular_file(manifest_file)) continue;
            const auto manifest = bundle::Manifest::from_json(bundle::read_bytes(manifest_file));
            distribution::write_channel_beside(manifest, entry.path(), options.sign_key, now, options.valid_days);
            std::cout << (fs::path(options.out_dir) / distribution::channel_file_name(manifest.audience)).string()
                      << ": expires " << distribution::utc_time_text(now + options.valid_days * 86400LL) << '\n';
            ++written;
        }
        if (written == 0) {
            std::cerr << "tebiki: error: no <audience>.zip with its site in " << options.out_dir
                      << " (publish with --sign-key first)\n";
            return kExitUsage;
        }
        return kExitSuccess;
    } catch (const std::exception& e) {
        std::cerr << "tebiki: error: " << e.what() << '\n';
        return kExitEnvironment;
    }
}

}  // namespace tebiki::cli
