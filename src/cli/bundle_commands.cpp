// Bundles on ward terminals: keygen, verify, install, rollback, status.

#include <fmt/format.h>

#include <iostream>
#include <sstream>

#include "bundle/bundle.h"
#include "bundle/install.h"
#include "bundle/signing.h"
#include "cli/commands.h"

namespace tebiki::cli {

namespace {

std::optional<std::filesystem::path> key_of(const std::string& path) {
    if (path.empty()) return std::nullopt;
    return std::filesystem::path(path);
}

std::string edition_of(const bundle::Manifest& m) { return m.edition.value_or("(no edition)"); }

}  // namespace

int run_keygen(const KeygenOptions& options) {
    try {
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
        const auto result = bundle::install_bundle(
            options.bundle, options.to_dir,
            {key_of(options.pubkey), options.keep, options.allow_downgrade});
        std::cout << fmt::format("{}: installed {} ({}), edition {}, as generation {}\n", options.to_dir,
                                 result.manifest.audience, result.manifest.audience_name,
                                 edition_of(result.manifest), result.generation);
        if (options.pubkey.empty())
            std::cerr << "tebiki: warning: no --pubkey: the bundle's signature was not checked\n";
        return kExitSuccess;
    } catch (const bundle::InstallRefused& e) {
        std::istringstream lines(e.what());
        for (std::string line; std::getline(lines, line);)
            std::cout << options.bundle << ": error: " << line << '\n';
        std::cerr << "tebiki: install refused; " << options.to_dir << "/current was left as it was\n";
        return kExitContentErrors;
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
        const auto status = bundle::install_status(options.to_dir, key_of(options.pubkey));
        if (status.generation.empty()) {
            std::cout << options.to_dir << ": nothing installed\n";
            return kExitContentErrors;
        }
        const auto& r = status.report;
        if (r.manifest)
            std::cout << fmt::format("{}: live: {} ({}), edition {}, commit {}, generation {}\n", options.to_dir,
                                     r.manifest->audience, r.manifest->audience_name, edition_of(*r.manifest),
                                     r.manifest->source_commit, status.generation);
        for (const auto& e : r.errors) std::cout << options.to_dir << ": error: " << e << '\n';
        if (!r.ok()) return kExitContentErrors;
        std::cout << options.to_dir << ": verifies"
                  << (r.signature_checked ? " (signature valid)"
                                          : r.has_signature ? " (signature not checked: no --pubkey)" : " (unsigned)")
                  << '\n';
        return kExitSuccess;
    } catch (const std::exception& e) {
        std::cerr << "tebiki: error: " << e.what() << '\n';
        return kExitEnvironment;
    }
}

}  // namespace tebiki::cli
