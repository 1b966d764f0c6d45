#pragma once
// The subcommands: each a thin function over tebiki_core.

#include <CLI/CLI.hpp>

#include <string>

#include "cli/build_progress.h"
#include "document/template_text.h"

namespace tebiki::cli {

// Exit codes (documented in README.md).
inline constexpr int kExitSuccess = 0;
inline constexpr int kExitContentErrors = 1;  // diagnostics with errors
inline constexpr int kExitUsage = 2;          // bad arguments or revision
inline constexpr int kExitEnvironment = 3;    // I/O, repository or theme failure

struct SourceOptions {
    std::string revision;
    bool worktree = false;
    std::string content_dir = "content";
};

struct BuildOptions {
    SourceOptions source;
    std::string out_dir = "dist";
    bool no_pdf = false;
    std::string sign_key;  // Ed25519 private key (PEM): writes manifest.sig
    std::string introduce_key;  // a successor public key named in signed manifests (issue 16)
    Verbosity verbosity = Verbosity::Normal;
    std::string cache_dir;  // empty: <repository>/.tebiki-cache
    bool no_cache = false;
};

struct CheckOptions {
    SourceOptions source;
    std::string as_of;
    bool policy = false;  // also run publish's approval policy, as of `as_of`
};

struct SearchCommandOptions {
    SourceOptions source;
    std::string query;
    std::string audience;  // empty: every document
    bool include_obsolete = false;
    bool json = false;
    std::size_t limit = 10;
};

struct PublishOptions {
    std::string edition;  // the tag
    std::string content_dir = "content";
    std::string out_dir = "dist";
    std::string sign_key;  // Ed25519 private key (PEM): writes manifest.sig
    std::string introduce_key;  // a successor public key named in signed manifests (issue 16)
};

// A controller's approval of documents, committed with its trailers
// (src/cli/approval_commands.cpp).
struct ApproveOptions {
    std::vector<std::string> ids;
    std::string by;              // the approver: front matter and Approved-by trailer
    bool major = false;          // Change-type: major
    bool minor = false;          // Change-type: minor (the default, said explicitly)
    std::string effective;       // YYYY-MM-DD; default: as written, else today
    std::string review_by;       // YYYY-MM-DD
    int review_months = 0;       // instead of review_by
    std::string content_dir = "content";
};

// An edition's tag, made only when the approval policy passes on HEAD.
struct EditionOptions {
    std::string name;
    std::string date;  // YYYY-MM-DD: the edition's date; default HEAD's commit date
    std::string content_dir = "content";
};

// Bundles (issue 6): src/cli/bundle_commands.cpp.
struct KeygenOptions {
    std::string out_dir;
};

struct VerifyOptions {
    std::string bundle;  // a .zip or a site directory
    std::string pubkey;  // empty: the signature is not checked
};

struct InstallOptions {
    std::string bundle;  // a .zip, a site directory, or an http(s) URL of a .zip
    std::string to_dir;
    std::string pubkey;
    std::size_t keep = 3;
    bool allow_downgrade = false;
    int timeout = 30;  // seconds, for a URL
};

struct TerminalOptions {  // rollback, status
    std::string to_dir;
    std::string pubkey;
    bool json = false;  // status
};

// Terminal trust and distribution (issue 16): src/cli/distribution_commands.cpp.
struct TrustOptions {
    std::string to_dir;
    std::string key;     // empty: list the trusted keys
    std::string remove;  // a fingerprint as listed, or the key's .pub file: stop trusting it
};

struct SyncCommandOptions {
    std::string base_url;
    std::string to_dir;
    std::string pubkey;
    std::string audience;
    std::size_t keep = 3;
    int timeout = 30;
};

struct ChannelOptions {
    std::string out_dir = "dist";
    std::string sign_key;
    int valid_days = 30;
};

struct LogOptions {
    SourceOptions source;
    std::string id;
    bool json = false;
};

struct ReviewOptions {
    SourceOptions source;
    std::string as_of;
};

struct DiffOptions {
    std::string old_revision;
    std::string new_revision;
    std::string content_dir = "content";
};

struct NewOptions {
    std::string id;
    std::string title;
    std::string template_name = "rule";
    std::string owner = std::string(kOwnerPlaceholder);
    std::string content_dir = "content";
    std::string path;  // default: <content>/<id>.md
};

struct ServeOptions {
    std::string content_dir = "content";
    std::string host = "127.0.0.1";
    int port = 8000;
    bool with_pdf = false;
    Verbosity verbosity = Verbosity::Normal;
};

struct InitOptions {
    std::string dir;
    std::string organisation = "〇〇病院";
};

void add_source_options(CLI::App& cmd, SourceOptions& options, bool worktree_default);
void add_verbosity_options(CLI::App& cmd, Verbosity& verbosity);
// --content: when not given, the content root found from the current
// directory (resolve_content_roots, once the command line is parsed).
void add_content_option(CLI::App& cmd, std::string& content_dir);
// --out: when not given, dist at the top of the repository the command runs in.
void add_out_option(CLI::App& cmd, std::string& out_dir);
void resolve_content_roots();

// Each command's examples in its help (src/cli/command_help.cpp); call once
// every command is added.
void add_examples(CLI::App& app);
// `tebiki help COMMAND`: that command's help, as `COMMAND --help` prints it.
int print_command_help(CLI::App& app, const std::string& command);

int run_build(const BuildOptions& options);
int run_check(const CheckOptions& options);
int run_search(const SearchCommandOptions& options);
int run_publish(const PublishOptions& options);
int run_log(const LogOptions& options);
int run_review(const ReviewOptions& options);
int run_diff(const DiffOptions& options);
int run_approve(const ApproveOptions& options);
int run_edition(const EditionOptions& options);
int run_keygen(const KeygenOptions& options);
int run_verify(const VerifyOptions& options);
int run_install(const InstallOptions& options);
int run_rollback(const TerminalOptions& options);
int run_status(const TerminalOptions& options);
int run_trust(const TrustOptions& options);
int run_sync(const SyncCommandOptions& options);
int run_channel(const ChannelOptions& options);
// Before a build or publish: a --sign-key inside the content repository is
// refused (exit 2), and an --introduce-key is read into `successor_keys`.
// Returns 0 or the exit code to stop with, having said why.
int check_signing_keys(const std::string& content_dir, const std::string& sign_key, const std::string& introduce_key,
                       std::vector<std::string>& successor_keys);
int run_new(const NewOptions& options);
int run_init(const InitOptions& options);
int run_serve(const ServeOptions& options);

}  // namespace tebiki::cli
