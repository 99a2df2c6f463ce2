#!/usr/bin/env bash
# The book as a printable handout: builds the site with the book's own tool,
# prints print.html to PDF with headless Chromium, and writes OUT.pdf
# (default target/handout.pdf) only once the PDF is complete.
#
#   tools/handout.sh [--notes] [--solutions] [OUT.pdf]
#
# The student's handout has no speaker notes, no instructor's guide and no
# solutions. --notes makes the teacher's copy (the speaker notes and the
# instructor's guide); --solutions adds the solutions appendix.
# theme/speaker-notes.js reads these as print.html?notes and ?solutions.
#
# CHROMIUM=/path/to/chrome picks the browser; BOOK=/path/to/book uses an
# already built `book` binary instead of `cargo run -p book`.
set -euo pipefail

usage() {
    echo "usage: tools/handout.sh [--notes] [--solutions] [OUT.pdf]"
}

die() {
    echo "handout.sh: $*" >&2
    exit 1
}

notes=0
solutions=0
out=
for arg in "$@"; do
    case $arg in
        --notes) notes=1 ;;
        --solutions) solutions=1 ;;
        -h | --help)
            usage
            exit 0
            ;;
        -*)
            usage >&2
            die "unknown option $arg"
            ;;
        *)
            [[ -z $out ]] || die "one OUT.pdf only (got $out and $arg)"
            out=$arg
            ;;
    esac
done

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${out:-$repo/target/handout.pdf}
out_dir=$(dirname "$out")
[[ -d $out_dir ]] || die "no directory $out_dir for $out"
out_dir=$(cd "$out_dir" && pwd)
out=$out_dir/$(basename "$out")

browser=${CHROMIUM:-}
if [[ -z $browser ]]; then
    for name in chromium chromium-browser google-chrome; do
        if command -v "$name" >/dev/null 2>&1; then
            browser=$name
            break
        fi
    done
fi
if [[ -z $browser ]] || ! command -v "$browser" >/dev/null 2>&1; then
    die "no Chromium to print with${browser:+ ($browser is not there)}: install it" \
        "(Debian: apt-get install chromium) or set CHROMIUM=/path/to/chrome"
fi

# Everything this script writes goes in here, and goes when it exits, even
# on failure or Ctrl-C; OUT is written last, in one rename.
tmp=$(mktemp -d "${TMPDIR:-/tmp}/handout.XXXXXX")
partial=
trap 'rm -rf "$tmp"; [[ -z $partial ]] || rm -f "$partial"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

started=$SECONDS
echo "handout.sh: building the site" >&2
(
    cd "$repo"
    if [[ -n ${BOOK:-} ]]; then
        "$BOOK" build --dest "$tmp/site"
    else
        cargo run -q --locked -p book -- build --dest "$tmp/site"
    fi
) >"$tmp/build.log" 2>&1 || {
    cat "$tmp/build.log" >&2
    die "the book did not build"
}

query=
((notes)) && query+="&notes"
((solutions)) && query+="&solutions"
query=${query:+?${query#&}}

# print.html calls window.print() once loaded; --print-to-pdf prints the
# loaded page itself and ignores that call. Scripts from file:// run as
# usual: the page's JavaScript decides what the handout holds. The page is
# the book's own files and needs no network, so every host name fails; the
# sandbox is off, as it cannot start in many containers.
echo "handout.sh: printing print.html$query" >&2
mkdir -p "$tmp/home/tmp"
limit=()
command -v timeout >/dev/null 2>&1 && limit=(timeout 300)
if ! HOME=$tmp/home TMPDIR=$tmp/home/tmp "${limit[@]}" "$browser" \
    --headless --no-sandbox --disable-gpu --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --host-resolver-rules="MAP * ~NOTFOUND" \
    --user-data-dir="$tmp/profile" \
    --no-pdf-header-footer \
    --print-to-pdf="$tmp/handout.pdf" \
    "file://$tmp/site/print.html$query" >"$tmp/chromium.log" 2>&1; then
    cat "$tmp/chromium.log" >&2
    die "$browser failed to print print.html"
fi

# A complete PDF starts with its header and ends with %%EOF.
if [[ ! -s $tmp/handout.pdf ]] || [[ $(head -c 5 "$tmp/handout.pdf") != "%PDF-" ]] ||
    ! tail -c 1024 "$tmp/handout.pdf" | grep -aq '%%EOF'; then
    cat "$tmp/chromium.log" >&2
    die "$browser wrote no complete PDF; $out is left as it was"
fi

partial=$out_dir/.$(basename "$out").partial.$$
cp "$tmp/handout.pdf" "$partial"
mv -f "$partial" "$out"
partial=

pages=$(grep -a -o -E '/Type ?/Page([^s]|$)' "$out" | wc -l)
bytes=$(wc -c <"$out")
echo "handout.sh: wrote $out ($pages pages, $bytes bytes, $((SECONDS - started)) s)" >&2
