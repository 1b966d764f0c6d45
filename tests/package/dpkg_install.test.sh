#!/usr/bin/env bash
# The Debian package on this machine: CPack makes it from this build (the
# same package configuration build-scripts/package uses for a Release
# build), `dpkg -i` installs it, and the installed /usr/bin/tebiki prints
# its version and publishes the sample content with the source tree out of
# reach. The package is removed again at the end.
# Usage: dpkg_install.test.sh BUILD_DIR SOURCE_DIR VERSION
set -euo pipefail
build_dir=$1 source_dir=$2 version=$3

fail() { echo "FAIL: $*" >&2; exit 1; }

if dpkg-query -W -f='${Status}' tebiki 2>/dev/null | grep -q "install ok installed"; then
  fail "a tebiki package is installed already; this test installs its own and removes it (dpkg -r tebiki first)"
fi

work=$(mktemp -d)
cleanup() {
  dpkg -r tebiki >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# dpkg waits for nobody: another package operation holding its lock is waited for.
dpkg_locked() { dpkg "$@" 2>"$work/dpkg.err" || { grep -q "lock" "$work/dpkg.err" && return 75; cat "$work/dpkg.err" >&2; return 1; }; }
with_dpkg() {
  for _ in $(seq 60); do
    local rc=0
    dpkg_locked "$@" || rc=$?
    ((rc == 75)) || return $rc
    sleep 5
  done
  fail "the dpkg lock stayed taken for five minutes"
}

(cd "$build_dir" && cpack -G DEB -B "$work/package" >"$work/cpack.log") || { cat "$work/cpack.log" >&2; fail "cpack"; }
deb="$work/package/tebiki_${version}_amd64.deb"
[[ -f $deb ]] || fail "cpack made no $(basename "$deb"): $(ls "$work/package")"

# Debian's library packages as dependencies, found from what the program links.
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
for lib in libgit2 libicu libpodofo libharfbuzz libyaml-cpp libssl libarchive libcmark-gfm fonts-noto-cjk; do
  [[ $depends == *"$lib"* ]] || fail "Depends has no $lib"
done
contents=$(dpkg-deb -c "$deb")
for path in ./usr/bin/tebiki ./usr/share/tebiki/themes/default/templates/index.mustache \
            ./usr/share/man/man1/tebiki.1.gz ./usr/share/bash-completion/completions/tebiki; do
  grep -qF " $path" <<<"$contents" || fail "the package has no $path"
done

with_dpkg -i "$deb"
[[ $(/usr/bin/tebiki --version) == "tebiki $version" ]] || fail "tebiki --version says '$(/usr/bin/tebiki --version)'"
zcat /usr/share/man/man1/tebiki.1.gz | grep -q '^\.TH TEBIKI 1' || fail "the manual page is not tebiki(1)"

# The sample content in a repository of its own, published from a folder
# inside it, with the source tree hidden under an empty file system.
mkdir "$work/repo"
cp -r "$source_dir/content" "$work/repo/content"
git -C "$work/repo" init -q
git -C "$work/repo" add -A
git -C "$work/repo" -c user.name=test -c user.email=test@localhost commit -q -m "見本の文書集"
(cd "$work/repo/content/rules" &&
  unshare --mount sh -c 'mount -t tmpfs none "$1" && [ -z "$(ls -A "$1")" ] && /usr/bin/tebiki build' sh "$source_dir") ||
  fail "the installed tebiki did not publish the sample content"
for audience in all ward-5w it; do
  [[ -f $work/repo/dist/$audience/index.html ]] || fail "no dist/$audience/index.html"
  [[ -f $work/repo/dist/$audience/pdf/binder.pdf ]] || fail "no dist/$audience/pdf/binder.pdf"
done
cmp "$work/repo/dist/all/assets/style.css" /usr/share/tebiki/themes/default/assets/style.css ||
  fail "the site's style.css is not the installed theme's"

with_dpkg -r tebiki
[[ ! -e /usr/bin/tebiki ]] || fail "dpkg -r left /usr/bin/tebiki"
echo "ok: $(basename "$deb") installed, published the sample content, removed"
