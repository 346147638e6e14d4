#!/usr/bin/env bash
# Install relmanager for the current user on Linux, as a double-click app.
#
#   scripts/install-desktop.sh                   # build dist/relmanager if missing, then install
#   scripts/install-desktop.sh --rebuild         # always rebuild the bundle first
#   scripts/install-desktop.sh --bundle DIR      # install an onedir bundle built elsewhere
#
# What goes where (nothing needs root; $HOME and $XDG_DATA_HOME are honoured):
#   ~/.local/opt/relmanager/                          the bundle (replaced on reinstall)
#   ~/.local/bin/relmanager                           symlink to the bundle's executable
#   $XDG_DATA_HOME/applications/org.relmanager.RelManager.desktop
#   $XDG_DATA_HOME/icons/hicolor/*/apps/org.relmanager.RelManager.{png,svg}
#   $XDG_DATA_HOME/metainfo/org.relmanager.RelManager.metainfo.xml
# ($XDG_DATA_HOME defaults to ~/.local/share.) If no application opens vCards yet, relmanager
# becomes the default for text/vcard (xdg-mime). Desktop and icon caches are refreshed when the
# tools are there; none of them is required. scripts/uninstall-desktop.sh removes all of this
# and never touches your contacts (the data folder ~/.local/share/relmanager).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"

APP_ID="org.relmanager.RelManager"
: "${HOME:?HOME must be set}"
data_home="${XDG_DATA_HOME:-$HOME/.local/share}"
opt_dir="$HOME/.local/opt/relmanager"
bin_link="$HOME/.local/bin/relmanager"
desktop_file="$data_home/applications/$APP_ID.desktop"
metainfo_file="$data_home/metainfo/$APP_ID.metainfo.xml"
icon_root="$data_home/icons/hicolor"
ICON_SIZES="16 22 24 32 48 64 128 256 512"

say() { printf 'relmanager install: %s\n' "$*"; }
die() { printf 'relmanager install: %s\n' "$*" >&2; exit 1; }

uninstall() {
    if [ -L "$bin_link" ] && [ "$(readlink "$bin_link")" = "$opt_dir/relmanager" ]; then
        rm -f "$bin_link"
    fi
    rm -f "$desktop_file" "$metainfo_file" "$icon_root/scalable/apps/$APP_ID.svg"
    local dir
    for size in $ICON_SIZES; do
        rm -f "$icon_root/${size}x${size}/apps/$APP_ID.png"
    done
    for dir in $ICON_SIZES scalable; do
        case "$dir" in scalable) ;; *) dir="${dir}x${dir}" ;; esac
        rmdir "$icon_root/$dir/apps" "$icon_root/$dir" 2>/dev/null || true  # only if now empty
    done
    if [ -d "$opt_dir" ]; then
        [ -e "$opt_dir/relmanager" ] || die "$opt_dir does not look like a relmanager bundle; left alone"
        rm -rf "$opt_dir"
    fi
    rmdir "$HOME/.local/opt" 2>/dev/null || true  # only if we left it empty
    forget_mime_default
    refresh_caches
    say "removed. Your contacts and settings were not touched."
}

forget_mime_default() {
    # Drop our desktop id from the user's mimeapps.list (xdg-mime has no "unset").
    local list="${XDG_CONFIG_HOME:-$HOME/.config}/mimeapps.list"
    [ -f "$list" ] && grep -q "$APP_ID.desktop" "$list" || return 0
    local tmp="$list.relmanager-tmp"
    sed -e "s/${APP_ID//./\\.}\\.desktop;\\{0,1\\}//g" -e '/^[^=[]*=$/d' "$list" >"$tmp"
    mv "$tmp" "$list"
}

refresh_caches() {
    if command -v update-desktop-database >/dev/null && [ -d "$data_home/applications" ]; then
        update-desktop-database -q "$data_home/applications" || true
    fi
    if command -v gtk-update-icon-cache >/dev/null && [ -d "$icon_root" ]; then
        gtk-update-icon-cache -q -f -t "$icon_root" 2>/dev/null || true
    fi
}

desktop_entry_path() {
    # The Exec key quotes its argument; these characters would need escaping too: refuse them.
    case "$1" in
        *[\"\`\$\\]*) die "cannot write a desktop entry for a path containing \" \` \$ or \\: $1" ;;
    esac
}

install_bundle() {
    local bundle="$1"
    [ -x "$bundle/relmanager" ] || die "no executable at $bundle/relmanager"
    local resources=""
    for candidate in "$bundle/_internal/resources" "$bundle/resources" "$repo/resources"; do
        if [ -f "$candidate/$APP_ID.desktop" ]; then resources="$candidate"; break; fi
    done
    [ -n "$resources" ] || die "no resources/ with $APP_ID.desktop in $bundle or $repo"
    desktop_entry_path "$opt_dir/relmanager"

    if [ -e "$opt_dir" ] && [ ! -e "$opt_dir/relmanager" ]; then
        die "$opt_dir exists but is not a relmanager bundle; move it away first"
    fi
    mkdir -p "$(dirname "$opt_dir")"
    rm -rf "$opt_dir.new"
    cp -a "$bundle" "$opt_dir.new"
    rm -rf "$opt_dir"
    mv "$opt_dir.new" "$opt_dir"

    mkdir -p "$(dirname "$bin_link")"
    if [ -e "$bin_link" ] && [ ! -L "$bin_link" ]; then
        say "warning: $bin_link exists and is not our symlink (a pip install?); left as it is"
    else
        ln -sfn "$opt_dir/relmanager" "$bin_link"
    fi

    mkdir -p "$(dirname "$desktop_file")" "$(dirname "$metainfo_file")"
    sed -e "s|^Exec=relmanager |Exec=\"$opt_dir/relmanager\" |" \
        -e "s|^TryExec=relmanager\$|TryExec=$opt_dir/relmanager|" \
        "$resources/$APP_ID.desktop" >"$desktop_file"
    chmod 0644 "$desktop_file"
    install -m 0644 "$resources/$APP_ID.metainfo.xml" "$metainfo_file"
    for size in $ICON_SIZES; do
        local png="$resources/icons/hicolor/${size}x${size}/apps/relmanager.png"
        [ -f "$png" ] && install -D -m 0644 "$png" "$icon_root/${size}x${size}/apps/$APP_ID.png"
    done
    install -D -m 0644 "$resources/icons/relmanager.svg" "$icon_root/scalable/apps/$APP_ID.svg"

    if command -v xdg-mime >/dev/null; then
        for mime in text/vcard text/x-vcard; do
            if [ -z "$(xdg-mime query default "$mime" 2>/dev/null || true)" ]; then
                xdg-mime default "$APP_ID.desktop" "$mime" 2>/dev/null || true
            fi
        done
    fi
    refresh_caches

    say "installed to $opt_dir"
    case ":$PATH:" in
        *":$(dirname "$bin_link"):"*) ;;
        *) say "note: $(dirname "$bin_link") is not on your PATH; the menu entry works anyway" ;;
    esac
}

bundle=""
rebuild=0
mode=install
while [ $# -gt 0 ]; do
    case "$1" in
        --bundle) bundle="${2:?--bundle needs a directory}"; shift 2 ;;
        --rebuild) rebuild=1; shift ;;
        --uninstall) mode=uninstall; shift ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown option: $1 (see --help)" ;;
    esac
done

[ "$(uname)" = "Linux" ] || die "this installer is for Linux; on Windows and macOS use the PyInstaller output directly"

if [ "$mode" = uninstall ]; then
    uninstall
    exit 0
fi
if [ -z "$bundle" ]; then
    bundle="$repo/dist/relmanager"
    if [ "$rebuild" = 1 ] || [ ! -x "$bundle/relmanager" ]; then
        "$repo/scripts/build-bundle.sh"
    fi
fi
install_bundle "$(cd "$bundle" && pwd)"
