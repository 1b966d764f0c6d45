// Bundles on ward terminals: keygen, verify, install, rollback, status.

#include <fmt/format.h>

#include <cstdlib>
#include <ctime>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "bundle/bundle.h"
#include "bundle/install.h"
#include "bundle/signing.h"
#include "bundle/trust_store.h"
#include "cli/commands.h"
#include "distribution/remote_install.h"
#include "distribution/sync.h"
#include "source/repository_state.h"

namespace tebiki::cli {

namespace fs = std::filesystem;

namespace {

std::optional<std::filesystem::path> key_of(const std::string& path) {
    if (path.empty()) return std::nullopt;
    return std::filesystem::path(path);
}

std::string edition_of(const bundle::Manifest& m) { return m.edition.value_or("(no edition)"); }

// Somewhere outside any git work tree for a private key, to name in a refusal.
std::string safe_key_place() {
    const char* home = std::getenv("HOME");
    if (home != nullptr && *home != '\0') {
        const fs::path candidate = fs::path(home) / ".config/tebiki/keys";
        if (!source::work_tree_containing(candidate)) return candidate.string();
    }
    return "a directory outside every git repository (only the publisher may read it)";
}

void print_install(const std::string& to_dir, const bundle::InstallResult& result) {
    std::cout << fmt::format("{}: installed {} ({}), edition {}, as generation {}\n", to_dir,
                             result.manifest.audience, result.manifest.audience_name, edition_of(result.manifest),
                             result.generation);
    if (!result.signer.empty()) std::cout << to_dir << ": signed by " << result.signer << '\n';
    for (const auto& key : result.newly_trusted)
        std::cout << to_dir << ": now trusts " << key << " (only bundles signed by a trusted key go live here)\n";
}

// Nagios/Zabbix plugin exit codes for status.
constexpr int kStatusOk = 0, kStatusWarning = 1, kStatusCritical = 2, kStatusUnknown = 3;

struct StatusFacts {
    bundle::InstallStatus install;
    std::optional<distribution::ChannelRecord> channel;
    std::string channel_problem;  // a record that no longer checks out
    long long now = 0;
    bool channel_expired() const { return channel && now >= channel->channel.expires; }
    bool behind_channel() const {
        const auto& m = install.report.manifest;
        return channel && m && channel->channel.published_at > m->published_at;
    }
    int exit_code() const {
        if (install.generation.empty() || !install.report.ok()) return kStatusCritical;
        if (channel_expired() || behind_channel() || !channel_problem.empty()) return kStatusWarning;
        return kStatusOk;
    }
};

StatusFacts gather_status(const TerminalOptions& options) {
    StatusFacts facts;
    facts.now = std::time(nullptr);
    facts.install = bundle::install_status(options.to_dir, key_of(options.pubkey));
    try {
        std::vector<std::string> keys = bundle::pems_of(bundle::TrustStore(options.to_dir).keys());
        if (!options.pubkey.empty()) keys = {bundle::read_bytes(options.pubkey)};
        facts.channel = distribution::read_channel_record(options.to_dir, keys);
    } catch (const std::exception& e) {
        facts.channel_problem = std::string("the recorded channel does not check out: ") + e.what();
    }
    return facts;
}

nlohmann::json status_json(const TerminalOptions& options, const StatusFacts& f) {
    const auto& r = f.install.report;
    nlohmann::json j = {{"dir", options.to_dir},
                        {"installed", !f.install.generation.empty()},
                        {"verified", !f.install.generation.empty() && r.ok()},
                        {"protected", !f.install.trusted.empty()},
                        {"trusted_keys", f.install.trusted},
                        {"errors", r.errors}};
    if (r.manifest) {
        j["audience"] = r.manifest->audience;
        j["edition"] = r.manifest->edition ? nlohmann::json(*r.manifest->edition) : nullptr;
        j["commit"] = r.manifest->source_commit;
        j["generation"] = f.install.generation;
        j["installed_at"] = distribution::utc_time_text(f.install.installed_at);
        j["signer"] = r.signature_checked ? nlohmann::json(r.signer) : nullptr;
        j["signed"] = r.has_signature;
    }
    if (f.channel) {
        const auto& c = f.channel->channel;
        j["channel"] = {{"url", f.channel->url},
                        {"edition", c.edition ? nlohmann::json(*c.edition) : nullptr},
                        {"signed_at", distribution::utc_time_text(c.signed_at)},
                        {"expires", distribution::utc_time_text(c.expires)},
                        {"age_seconds", f.now - c.signed_at},
                        {"checked_at", distribution::utc_time_text(f.channel->checked_at)},
                        {"expired", f.channel_expired()},
                        {"behind", f.behind_channel()}};
    } else {
        j["channel"] = nullptr;
    }
    if (!f.channel_problem.empty()) j["channel_problem"] = f.channel_problem;
    j["exit_code"] = f.exit_code();
    return j;
}

void print_status_text(const TerminalOptions& options, const StatusFacts& f) {
    const auto& r = f.install.report;
    if (r.manifest)
        std::cout << fmt::format("{}: live: {} ({}), edition {}, commit {}, generation {}, installed {}\n",
                                 options.to_dir, r.manifest->audience, r.manifest->audience_name,
                                 edition_of(*r.manifest), r.manifest->source_commit, f.install.generation,
                                 distribution::utc_time_text(f.install.installed_at));
    for (const auto& e : r.errors) std::cout << options.to_dir << ": error: " << e << '\n';
    if (r.ok())
        std::cout << options.to_dir << ": verifies"
                  << (r.signature_checked ? " (signature valid)"
                      : r.has_signature   ? " (signature not checked: no --pubkey)"
                                          : " (unsigned)")
                  << '\n';
    if (f.install.trusted.empty())
        std::cout << options.to_dir << ": UNPROTECTED: no publisher key is trusted, so an unsigned or "
                  << "foreign-signed bundle would be installed; trust the publisher's key with: tebiki trust --to "
                  << options.to_dir << " KEY\n";
    else
        std::cout << options.to_dir << ": trusts " << fmt::format("{}", fmt::join(f.install.trusted, ", "))
                  << (r.signature_checked ? "; signed by " + r.signer : "") << '\n';
    if (f.channel) {
        const auto& c = f.channel->channel;
        std::cout << fmt::format("{}: channel {}: edition {}, signed {}, expires {}, last checked {}\n",
                                 options.to_dir, f.channel->url, c.edition.value_or("(no edition)"),
                                 distribution::utc_time_text(c.signed_at), distribution::utc_time_text(c.expires),
                                 distribution::utc_time_text(f.channel->checked_at));
        if (f.channel_expired())
            std::cout << options.to_dir << ": warning: the channel EXPIRED at "
                      << distribution::utc_time_text(c.expires)
                      << ": updates may have stopped (a frozen server or a replayed old channel); tell the "
                         "publisher\n";
        if (f.behind_channel())
            std::cout << options.to_dir << ": warning: the channel names a newer edition than the live one; "
                      << "run tebiki sync\n";
    }
    if (!f.channel_problem.empty()) std::cout << options.to_dir << ": warning: " << f.channel_problem << '\n';
}

}  // namespace

int check_signing_keys(const std::string& content_dir, const std::string& sign_key, const std::string& introduce_key,
                       std::vector<std::string>& successor_keys) {
    if (!sign_key.empty()) {
        const auto repository = source::work_tree_containing(content_dir);
        const fs::path key = fs::weakly_canonical(fs::absolute(sign_key));
        if (repository && !key.lexically_relative(*repository).empty() &&
            !key.lexically_relative(*repository).string().starts_with("..")) {
            std::cerr << "tebiki: error: the signing key " << sign_key << " lies inside the content repository "
                      << repository->string()
                      << ", where it can be committed and published; move it out (for example to "
                      << safe_key_place() << ") and give that path to --sign-key\n";
            return kExitUsage;
        }
    }
    if (!introduce_key.empty()) {
        if (sign_key.empty()) {
            std::cerr << "tebiki: error: --introduce-key needs --sign-key: only a signed bundle can introduce a key\n";
            return kExitUsage;
        }
        try {
            const std::string pem = bundle::read_bytes(introduce_key);
            bundle::key_fingerprint(pem);
            successor_keys.push_back(pem);
        } catch (const std::exception&) {
            std::cerr << "tebiki: error: --introduce-key " << introduce_key
                      << " is not an Ed25519 public key in PEM (a tebiki-signing.pub)\n";
            return kExitUsage;
        }
    }
    return 0;
}

int run_keygen(const KeygenOptions& options) {
    try {
        if (const auto repository = source::work_tree_containing(options.out_dir)) {
            std::cerr << "tebiki: error: refusing to write a private key into " << options.out_dir
                      << ", inside the git work tree " << repository->string()
                      << ", where it could be committed and published with the content; write it where only "
                      << "the publisher can read it, for example: tebiki keygen --out " << safe_key_place() << '\n';
            return kExitUsage;
        }
        bundle::generate_key_pair(options.out_dir);
        const auto dir = std::filesystem::path(options.out_dir);
        std::cerr << "tebiki: wrote " << (dir / bundle::kPrivateKeyFile).string() << " (keep it secret) and "
                  << (dir / bundle::kPublicKeyFile).string() << " (copy it to the ward terminals)\n";
        return kExitSuccess;
    } catch (const std::exception& e) {
        std::cerr << "tebiki: error: " << e.what() << '\n';
        return kExitEnvironment;
    }
}

int run_verify(const VerifyOptions& options) {
    try {
        const auto report = bundle::verify_bundle(options.bundle, key_of(options.pubkey));
        for (const auto& e : report.errors) std::cout << options.bundle << ": error: " << e << '\n';
        if (!report.ok()) {
            std::cerr << fmt::format("tebiki: {}: {} problem{}; do not use this bundle\n", options.bundle,
                                     report.errors.size(), report.errors.size() == 1 ? "" : "s");
            return kExitContentErrors;
        }
        const auto& m = *report.manifest;
        std::string signature = report.signature_checked ? "signature valid"
                                : report.has_signature   ? "signed, but the signature was NOT checked (no --pubkey)"
                                                         : "UNSIGNED";
        std::cout << fmt::format("{}: ok: {} ({}), edition {}, commit {}, {} files; {}\n", options.bundle,
                                 m.audience, m.audience_name, edition_of(m), m.source_commit, m.files.size(),
                                 signature);
        return kExitSuccess;
    } catch (const std::exception& e) {
        std::cerr << "tebiki: error: " << e.what() << '\n';
        return kExitEnvironment;
    }
}

int run_install(const InstallOptions& options) {
    try {
        const bundle::InstallOptions install{key_of(options.pubkey), options.keep, options.allow_downgrade};
        bundle::InstallResult result;
        if (distribution::is_url(options.bundle)) {
            distribution::FetchOptions fetch;
            fetch.timeout = std::chrono::seconds(options.timeout);
            result = distribution::install_from_url(options.bundle, options.to_dir, install, fetch);
        } else {
            result = bundle::install_bundle(options.bundle, options.to_dir, install);
        }
        print_install(options.to_dir, result);
        if (result.signer.empty())
            std::cerr << "tebiki: warning: " << options.to_dir << " trusts no publisher key and no --pubkey was "
                      << "given: the bundle's signature was not checked (see tebiki status)\n";
        return kExitSuccess;
    } catch (const bundle::InstallRefused& e) {
        std::istringstream lines(e.what());
        for (std::string line; std::getline(lines, line);)
            std::cout << options.bundle << ": error: " << line << '\n';
        std::cerr << "tebiki: install refused; " << options.to_dir << "/current was left as it was\n";
        return kExitContentErrors;
    } catch (const distribution::FetchError& e) {
        std::cerr << "tebiki: error: " << e.describe() << "; " << options.to_dir << "/current was left as it was\n";
        return kExitEnvironment;
    } catch (const std::exception& e) {
        std::cerr << "tebiki: error: " << e.what() << "; " << options.to_dir << "/current was left as it was\n";
        return kExitEnvironment;
    }
}

int run_rollback(const TerminalOptions& options) {
    try {
        const std::string generation = bundle::rollback(options.to_dir);
        std::cout << options.to_dir << ": rolled back to generation " << generation << '\n';
        return kExitSuccess;
    } catch (const bundle::InstallRefused& e) {
        std::cerr << "tebiki: rollback refused: " << e.what() << '\n';
        return kExitContentErrors;
    } catch (const std::exception& e) {
        std::cerr << "tebiki: error: " << e.what() << '\n';
        return kExitEnvironment;
    }
}

int run_status(const TerminalOptions& options) {
    try {
        const StatusFacts facts = gather_status(options);
        if (options.json) {
            std::cout << status_json(options, facts).dump(2) << '\n';
            return facts.exit_code();
        }
        if (facts.install.generation.empty()) {
            std::cout << options.to_dir << ": nothing installed\n";
            return facts.exit_code();
        }
        print_status_text(options, facts);
        return facts.exit_code();
    } catch (const std::exception& e) {
        std::cerr << "tebiki: error: " << e.what() << '\n';
        return kStatusUnknown;
    }
}

}  // namespace tebiki::cli
