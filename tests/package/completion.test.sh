#!/usr/bin/env bash
# The bash completion, loaded as bash-completion loads it: commands, a
# command's options (from that command's own --help), `help COMMAND`, and
# the templates of `new --template`.
# Usage: completion.test.sh TEBIKI_BINARY SOURCE_DIR
set -euo pipefail
binary=$1 source_dir=$2

bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
ln -s "$binary" "$bin/tebiki"

PATH="$bin:$PATH" bash --norc --noprofile -c '
set -u
source /usr/share/bash-completion/bash_completion
source "$1/packaging/tebiki.bash-completion"
complete_line() {  # the words of a command line; prints what completes the last one
    COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
    COMPREPLY=()
    _tebiki tebiki "${COMP_WORDS[-1]}" "${COMP_WORDS[-2]}"
    echo "${COMPREPLY[*]}"
}
expect() {
    local want=$1; shift
    local got; got=$(complete_line "$@")
    if [[ $got != "$want" ]]; then echo "FAIL: tebiki ${*:2} completes to \"$got\", not \"$want\"" >&2; exit 1; fi
    echo "ok: tebiki ${*:2} → $got"
}
expect "build"                      tebiki bu
expect "review rollback"            tebiki r
expect "--no-cache --no-pdf"        tebiki build --no
expect "--as-of"                    tebiki check --as
expect "check"                      tebiki help che
expect "rule procedure manual"      tebiki new X --template ""
' bash "$source_dir"
