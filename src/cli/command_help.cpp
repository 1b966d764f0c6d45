// Help as people look for it: `tebiki help build` as well as `build --help`,
// each command's with an example or two to copy.

#include <iostream>
#include <map>
#include <string>

#include "cli/commands.h"

namespace tebiki::cli {

namespace {

// Command → its examples, one per line. Written as a hospital's IT staff
// would type them, with the sample content's ids and audiences.
const std::map<std::string, std::string>& examples() {
    static const std::map<std::string, std::string> kExamples = {
        {"build",
         "  tebiki build                          publish HEAD into dist/, one site per audience\n"
         "  tebiki build --worktree --no-pdf      preview uncommitted edits, HTML only"},
        {"check",
         "  tebiki check                          check the work tree, from anywhere inside it\n"
         "  tebiki check --rev edition/2026-04    check what an edition holds"},
        {"search",
         "  tebiki search バックアップ\n"
         "  tebiki search \"停電 連絡\" --audience ward-5w --json"},
        {"new",
         "  tebiki new PRC-010 --title 夜間の障害連絡手順 --template procedure\n"
         "  tebiki new OPS-020 --title 端末更新規程 --path rules/terminal-renewal.md"},
        {"init", "  tebiki init sakura-docs --organisation さくら市立総合病院"},
        {"serve",
         "  tebiki serve                          preview on http://127.0.0.1:8000/\n"
         "  tebiki serve --port 0 --pdf           any free port, PDFs too"},
        {"publish",
         "  tebiki publish --edition edition/2026-04\n"
         "  tebiki publish --edition edition/2026-04 --sign-key ~/.config/tebiki/keys/tebiki-signing.key --out /srv/publish"},
        {"log",
         "  tebiki log OPS-003\n"
         "  tebiki log OPS-003 --json"},
        {"review",
         "  tebiki review\n"
         "  tebiki review --as-of 2026-10-01"},
        {"diff", "  tebiki diff edition/2026-04 edition/2026-10"},
        {"approve",
         "  tebiki approve PRC-010 --by 病院長 --review-months 12\n"
         "  tebiki approve OPS-003 OPS-004 --by 医療情報部長 --major --effective 2026-10-01"},
        {"edition",
         "  tebiki edition edition/2026-10\n"
         "  tebiki edition edition/2026-10 --date 2026-10-01"},
        {"keygen", "  tebiki keygen --out ~/.config/tebiki/keys     (never inside the content repository)"},
        {"verify", "  tebiki verify dist/all.zip --pubkey ~/.config/tebiki/keys/tebiki-signing.pub"},
        {"install", "  tebiki install all.zip --to /srv/tebiki --pubkey /etc/tebiki/tebiki-signing.pub"},
        {"rollback", "  tebiki rollback --to /srv/tebiki"},
        {"status",
         "  tebiki status --to /srv/tebiki\n"
         "  tebiki status --to /srv/tebiki --json     for Nagios or Zabbix: exit 0, 1 or 2"},
        {"trust", "  tebiki trust --to /srv/tebiki /etc/tebiki/tebiki-signing.pub\n"
                  "  tebiki trust --to /srv/tebiki --remove ed25519:0123456789abcdef"},
        {"sync", "  tebiki sync http://docs.hospital.local/tebiki --to /srv/tebiki --audience ward-5w"},
        {"channel", "  tebiki channel --out /srv/publish --sign-key ~/.config/tebiki/keys/tebiki-signing.key"},
        {"help",
         "  tebiki help\n"
         "  tebiki help build"},
    };
    return kExamples;
}

}  // namespace

void add_examples(CLI::App& app) {
    for (CLI::App* cmd : app.get_subcommands([](CLI::App*) { return true; })) {
        const auto found = examples().find(cmd->get_name());
        if (found != examples().end()) cmd->footer("Examples:\n" + found->second + "\n");
    }
    app.footer("Run 'tebiki help COMMAND' (or 'tebiki COMMAND --help') for a command's options and examples.\n");
}

int print_command_help(CLI::App& app, const std::string& command) {
    for (CLI::App* cmd : app.get_subcommands([](CLI::App*) { return true; })) {
        if (cmd->get_name() != command) continue;
        std::cout << cmd->help(app.get_name());
        return kExitSuccess;
    }
    std::cerr << "tebiki: error: there is no command '" << command << "'; 'tebiki help' lists them\n";
    return kExitUsage;
}

}  // namespace tebiki::cli
