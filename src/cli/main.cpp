// tebiki's command line: argument parsing and output only; the work is done
// by tebiki_core.

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <malloc.h>

#include <algorithm>
#include <iostream>
#include <thread>

#include "cli/commands.h"
#include "version.h"

int main(int argc, char** argv) {
    // glibc gives each new thread its own malloc arena, up to eight per core;
    // a build's short-lived worker threads then keep freed memory in many of
    // them. One arena per core keeps a full build with PDFs of 1,000
    // documents at 2.0 GiB instead of 2.5, in the same time (measured).
    mallopt(M_ARENA_MAX, static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
    using namespace tebiki::cli;
    CLI::App app{"tebiki: publishes a hospital's controlled documents from git as offline HTML", "tebiki"};
    app.set_version_flag("--version", std::string("tebiki ") + tebiki::kVersion);
    app.require_subcommand(0, 1);

    BuildOptions build;
    auto* build_cmd = app.add_subcommand("build", "Publish the content into one offline site per audience");
    add_source_options(*build_cmd, build.source, /*worktree_default=*/false);
    add_out_option(*build_cmd, build.out_dir);
    build_cmd->add_flag("--no-pdf", build.no_pdf, "Leave the PDFs out (a quick preview of the HTML)");
    build_cmd->add_option("--sign-key", build.sign_key, "Sign each manifest with this Ed25519 private key (PEM)")
        ->excludes("--worktree");  // a preview makes no bundle (README, Bundles)
    build_cmd->add_option("--introduce-key", build.introduce_key,
                          "Name this public key in each signed manifest: terminals trust it next (key rotation)");
    add_verbosity_options(*build_cmd, build.verbosity);
    auto* cache_opt = build_cmd->add_option("--cache", build.cache_dir,
                                            "Build cache directory (default REPO/.tebiki-cache; safe to delete)");
    build_cmd->add_flag("--no-cache", build.no_cache, "Render everything, reading and writing no cache")->excludes(cache_opt);

    CheckOptions check;
    auto* check_cmd = app.add_subcommand("check", "Validate every document and print file:line:col diagnostics");
    add_source_options(*check_cmd, check.source, /*worktree_default=*/true);
    check_cmd->add_option("--as-of", check.as_of, "Judge review dates against this day (YYYY-MM-DD; default today)");
    check_cmd->add_flag("--policy", check.policy,
                        "Also apply publish's approval policy, as if an edition were tagged on the --as-of day");

    SearchCommandOptions search;
    auto* search_cmd = app.add_subcommand("search", "Search the documents as the bundle's search box does");
    search_cmd->add_option("query", search.query, "Words to find (all of them); \"a phrase\" in quotes")->required();
    add_source_options(*search_cmd, search.source, /*worktree_default=*/false);
    search_cmd->add_option("--audience", search.audience, "Search only the documents of this audience's site");
    search_cmd->add_flag("--include-obsolete", search.include_obsolete, "Include obsolete (廃止) documents");
    search_cmd->add_flag("--json", search.json, "Print the results as JSON");
    search_cmd->add_option("--limit", search.limit, "Show at most this many results (0: all)")->capture_default_str();

    NewOptions new_doc;
    auto* new_cmd = app.add_subcommand("new", "Start a new document (a draft) from a template");
    new_cmd->add_option("id", new_doc.id, "The new document's id, e.g. PRC-010")->required();
    new_cmd->add_option("--title", new_doc.title, "Its title")->required();
    new_cmd->add_option("--template", new_doc.template_name, "rule, procedure or manual (or your own)")->capture_default_str();
    new_cmd->add_option("--owner", new_doc.owner, "The department responsible");
    add_content_option(*new_cmd, new_doc.content_dir);
    new_cmd->add_option("--path", new_doc.path, "Where to write it (default: CONTENT/ID.md)");

    InitOptions init;
    auto* init_cmd = app.add_subcommand("init", "Create a new content repository, ready to use");
    init_cmd->add_option("dir", init.dir, "The new repository's directory")->required();
    init_cmd->add_option("--organisation", init.organisation, "The hospital's name")->capture_default_str();

    ServeOptions serve;
    auto* serve_cmd = app.add_subcommand("serve", "Preview the work tree in a browser, rebuilt on every save");
    serve_cmd->add_option("--port", serve.port, "Port to listen on (0: any free port)")->capture_default_str();
    serve_cmd->add_option("--host", serve.host, "Address to listen on (loopback by default)")->capture_default_str();
    add_content_option(*serve_cmd, serve.content_dir);
    serve_cmd->add_flag("--pdf", serve.with_pdf, "Also render the PDFs on every save (slower)");
    add_verbosity_options(*serve_cmd, serve.verbosity);

    PublishOptions publish;
    auto* publish_cmd = app.add_subcommand("publish", "Publish an edition (a git tag) after checking the approval policy");
    publish_cmd->add_option("--edition", publish.edition, "The edition's tag, e.g. edition/2026-04")->required();
    add_content_option(*publish_cmd, publish.content_dir);
    add_out_option(*publish_cmd, publish.out_dir);
    publish_cmd->add_option("--sign-key", publish.sign_key, "Sign each manifest with this Ed25519 private key (PEM)");
    publish_cmd->add_option("--introduce-key", publish.introduce_key,
                            "Name this public key in each signed manifest: terminals trust it next (key rotation)");

    LogOptions log;
    auto* log_cmd = app.add_subcommand("log", "Print one document's revision history");
    log_cmd->add_option("id", log.id, "The document's id, e.g. OPS-003")->required();
    add_source_options(*log_cmd, log.source, /*worktree_default=*/false);
    log_cmd->add_flag("--json", log.json, "Print the history as JSON");

    ReviewOptions review;
    auto* review_cmd = app.add_subcommand("review", "List documents whose review is due or overdue, with their owners");
    add_source_options(*review_cmd, review.source, /*worktree_default=*/false);
    review_cmd->add_option("--as-of", review.as_of, "Judge review dates against this day (YYYY-MM-DD; default today)");

    DiffOptions diff;
    auto* diff_cmd = app.add_subcommand("diff", "List the documents added, changed and withdrawn between two editions");
    diff_cmd->add_option("old", diff.old_revision, "The older edition or revision")->required();
    diff_cmd->add_option("new", diff.new_revision, "The newer edition or revision")->required();
    add_content_option(*diff_cmd, diff.content_dir);

    ApproveOptions approve;
    auto* approve_cmd = app.add_subcommand("approve", "Approve documents: set their front matter and commit with Approved-by");
    approve_cmd->add_option("ids", approve.ids, "The documents' ids")->required();
    approve_cmd->add_option("--by", approve.by, "The approver (front matter 'approver' and the Approved-by trailer)")->required();
    auto* major_flag = approve_cmd->add_flag("--major", approve.major, "A major revision (next version N+1.0)");
    approve_cmd->add_flag("--minor", approve.minor, "A minor revision (the default)")->excludes(major_flag);
    approve_cmd->add_option("--effective", approve.effective, "Effective date (YYYY-MM-DD; default as written, else today)");
    auto* review_by_opt = approve_cmd->add_option("--review-by", approve.review_by, "Review due date (YYYY-MM-DD)");
    approve_cmd->add_option("--review-months", approve.review_months, "Review due this many months after 'effective'")
        ->excludes(review_by_opt);
    add_content_option(*approve_cmd, approve.content_dir);

    EditionOptions edition;
    auto* edition_cmd = app.add_subcommand("edition", "Tag an edition at HEAD, only if the approval policy passes");
    edition_cmd->add_option("name", edition.name, "The edition's tag, e.g. edition/2026-04")->required();
    edition_cmd->add_option("--date", edition.date, "The edition's date (YYYY-MM-DD; default HEAD's commit date)");
    add_content_option(*edition_cmd, edition.content_dir);

    KeygenOptions keygen;
    auto* keygen_cmd = app.add_subcommand("keygen", "Make an Ed25519 key pair to sign bundles");
    keygen_cmd->add_option("--out", keygen.out_dir, "Directory for tebiki-signing.key and .pub")->required();

    VerifyOptions verify;
    auto* verify_cmd = app.add_subcommand("verify", "Check a bundle (.zip or directory) against its manifest");
    verify_cmd->add_option("bundle", verify.bundle, "The bundle: <audience>.zip or a site directory")->required();
    verify_cmd->add_option("--pubkey", verify.pubkey, "Check the signature with this public key (PEM)");

    InstallOptions install;
    auto* install_cmd = app.add_subcommand("install", "Verify a bundle and make it the live copy in DIR, atomically");
    install_cmd->add_option("bundle", install.bundle, "The bundle: <audience>.zip, a site directory, or an http(s) URL")
        ->required();
    install_cmd->add_option("--to", install.to_dir, "The install directory (DIR/current is the live copy)")->required();
    install_cmd->add_option("--pubkey", install.pubkey, "Check the signature with this public key (PEM)");
    install_cmd->add_option("--keep", install.keep, "Generations to keep")->capture_default_str();
    install_cmd->add_flag("--allow-downgrade", install.allow_downgrade, "Install an edition older than the live one");
    install_cmd->add_option("--timeout", install.timeout, "Seconds to wait for a server (URL)")->capture_default_str();

    TerminalOptions rollback;
    auto* rollback_cmd = app.add_subcommand("rollback", "Make the previous generation in DIR live again");
    rollback_cmd->add_option("--to", rollback.to_dir, "The install directory")->required();

    TerminalOptions status;
    auto* status_cmd = app.add_subcommand("status", "Show which edition is live in DIR and whether it verifies");
    status_cmd->add_option("--to", status.to_dir, "The install directory")->required();
    status_cmd->add_option("--pubkey", status.pubkey, "Check the signature with this public key (PEM)");
    status_cmd->add_flag("--json", status.json, "Print JSON; exit 0 ok, 1 stale or expired channel, 2 not verifying");

    TrustOptions trust;
    auto* trust_cmd = app.add_subcommand("trust", "Trust a publisher key in DIR (or list the trusted keys)");
    trust_cmd->add_option("--to", trust.to_dir, "The install directory")->required();
    auto* trust_key = trust_cmd->add_option("key", trust.key, "The publisher's public key (tebiki-signing.pub)");
    trust_cmd->add_option("--remove", trust.remove, "Stop trusting a key: its fingerprint as listed, or its .pub file")
        ->excludes(trust_key);

    SyncCommandOptions sync;
    auto* sync_cmd = app.add_subcommand("sync", "Fetch BASE_URL's channel and install its edition when it is new");
    sync_cmd->add_option("base_url", sync.base_url, "Where <audience>.channel.json and .zip are served")->required();
    sync_cmd->add_option("--to", sync.to_dir, "The install directory")->required();
    sync_cmd->add_option("--pubkey", sync.pubkey, "The publisher's key, for a DIR that trusts none yet");
    sync_cmd->add_option("--audience", sync.audience, "The audience to follow (default: the live copy's)");
    sync_cmd->add_option("--keep", sync.keep, "Generations to keep")->capture_default_str();
    sync_cmd->add_option("--timeout", sync.timeout, "Seconds to wait for the server")->capture_default_str();

    ChannelOptions channel;
    auto* channel_cmd = app.add_subcommand("channel", "Sign the channel files in OUT again, with a new expiry");
    channel_cmd->add_option("--out", channel.out_dir, "The published output")->capture_default_str();
    channel_cmd->add_option("--sign-key", channel.sign_key, "The publisher's Ed25519 private key (PEM)")->required();
    channel_cmd->add_option("--valid-days", channel.valid_days, "Days until the channel expires")->capture_default_str();

    std::string help_topic;
    auto* help_cmd = app.add_subcommand("help", "Show this help, or a command's: tebiki help build");
    help_cmd->add_option("command", help_topic, "The command to describe");
    add_examples(app);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int rc = app.exit(e);
        return rc == 0 ? kExitSuccess : kExitUsage;
    }
    if (*help_cmd && !help_topic.empty()) return print_command_help(app, help_topic);
    resolve_content_roots();
    if (*build_cmd) return run_build(build);
    if (*check_cmd) return run_check(check);
    if (*search_cmd) return run_search(search);
    if (*new_cmd) return run_new(new_doc);
    if (*init_cmd) return run_init(init);
    if (*serve_cmd) return run_serve(serve);
    if (*publish_cmd) return run_publish(publish);
    if (*log_cmd) return run_log(log);
    if (*review_cmd) return run_review(review);
    if (*diff_cmd) return run_diff(diff);
    if (*approve_cmd) return run_approve(approve);
    if (*edition_cmd) return run_edition(edition);
    if (*keygen_cmd) return run_keygen(keygen);
    if (*verify_cmd) return run_verify(verify);
    if (*install_cmd) return run_install(install);
    if (*rollback_cmd) return run_rollback(rollback);
    if (*status_cmd) return run_status(status);
    if (*trust_cmd) return run_trust(trust);
    if (*sync_cmd) return run_sync(sync);
    if (*channel_cmd) return run_channel(channel);
    // app.help() would describe the selected subcommand ("help" itself).
    std::cout << app.get_formatter()->make_help(&app, "tebiki", CLI::AppFormatMode::Normal);
    return *help_cmd || argc == 1 ? kExitSuccess : kExitUsage;
}
