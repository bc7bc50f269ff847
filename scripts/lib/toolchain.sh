# shellcheck shell=bash
# Prepares and enters the Python >= 3.14.2 environment that Home Assistant 2026.10 needs.
#
# Where a suitable python3.14 is on PATH, a virtual environment is made with it.
# Otherwise (Debian 12 ships 3.11 only) a minimal Debian unstable root that carries python3.14
# is built with debootstrap and commands run inside it through unshare + chroot; this needs root.
# Everything lives in a cache outside the checkout, keyed by its inputs, and is built in a
# temporary folder that is renamed into place only when complete.

set -euo pipefail

PROJECT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE_DIR="${APPLIANCE_CARE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/appliance-care}"
# Where the checkout appears inside the root; fixed so the virtual environment's paths hold.
ROOT_PROJECT_DIR="/src/appliance-care"
ROOT_PACKAGES="python3.14,python3.14-venv,python3.14-dev,ca-certificates,build-essential"

_log() { printf '[toolchain] %s\n' "$*" >&2; }

_hash() { sha256sum | cut -c1-16; }

_python_ok() {
    "$1" -c 'import sys; raise SystemExit(0 if sys.version_info >= (3, 14, 2) else 1)' 2>/dev/null
}

_requirements_key() {
    cat "$PROJECT_DIR/requirements.txt" | _hash
}

# Sets MODE (host|root), and for root mode ROOT.
_choose_mode() {
    local candidate
    for candidate in python3.14 python3; do
        if command -v "$candidate" >/dev/null 2>&1 && _python_ok "$candidate"; then
            MODE=host
            HOST_PYTHON="$(command -v "$candidate")"
            return
        fi
    done
    MODE=root
    ROOT="$CACHE_DIR/root-$(printf 'sid %s' "$ROOT_PACKAGES" | _hash)"
}

_build_root() {
    [[ -x "$ROOT/usr/bin/python3.14" && -f "$ROOT/.complete" ]] && return
    if [[ "$(id -u)" != 0 ]]; then
        _log "No Python >= 3.14.2 on PATH and not root: install python3.14 or run as root."
        exit 1
    fi
    local mirror tmp
    mirror="$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)"
    if [[ -z "$mirror" ]]; then
        mirror="$(awk '/^deb /{print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)"
    fi
    if ! command -v debootstrap >/dev/null 2>&1; then
        _log "Installing debootstrap"
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
    fi
    mkdir -p "$CACHE_DIR"
    tmp="$(mktemp -d "$CACHE_DIR/root-building.XXXXXX")"
    _log "Building a Debian unstable root with python3.14 (once; about a minute)"
    debootstrap --variant=minbase --include="$ROOT_PACKAGES" sid "$tmp" "$mirror" >"$tmp.log" 2>&1 || {
        _log "debootstrap failed; see $tmp.log"
        exit 1
    }
    cp /etc/ssl/certs/ca-certificates.crt "$tmp/etc/ssl/certs/ca-certificates.crt"
    [[ -f /etc/pip.conf ]] && cp /etc/pip.conf "$tmp/etc/pip.conf"
    cp -L /etc/resolv.conf "$tmp/etc/resolv.conf" 2>/dev/null || true
    mkdir -p "$tmp$ROOT_PROJECT_DIR" "$tmp/venvs"
    touch "$tmp/.complete"
    rm -rf "$ROOT"
    mv "$tmp" "$ROOT"
    rm -f "$tmp.log"
}

# Runs "$@" in the prepared environment, from the project folder.
_in_env() {
    if [[ "$MODE" == host ]]; then
        (cd "$PROJECT_DIR" && PATH="$VENV/bin:$PATH" VIRTUAL_ENV="$VENV" "$@")
    else
        local shared="" parent
        parent="$(dirname "$PROJECT_DIR")"
        [[ -d "$parent/shared" ]] && shared="$parent/shared"
        unshare --mount --fork -- /bin/bash -c '
            set -e
            root="$1"; project="$2"; inner="$3"; shared="$4"; shift 4
            mount --make-rprivate /
            mount --rbind /proc "$root/proc"
            mount --rbind /dev "$root/dev"
            mount --bind "$project" "$root$inner"
            if [[ -n "$shared" ]]; then
                mkdir -p "$root$(dirname "$inner")/shared"
                mount --bind "$shared" "$root$(dirname "$inner")/shared"
            fi
            [[ -d "$root${PIP_FIND_LINKS:-/-}" ]] || unset PIP_FIND_LINKS
            exec chroot "$root" /usr/bin/env HOME=/root TERM="${TERM:-dumb}" \
                PATH="$VENV_INNER/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
                VIRTUAL_ENV="$VENV_INNER" /bin/bash -c "cd \"$inner\" && exec \"\$@\"" _ "$@"
        ' _ "$ROOT" "$PROJECT_DIR" "$ROOT_PROJECT_DIR" "$shared" "$@"
    fi
}

_build_venv() {
    # The environment is built at its final path (console scripts carry it) and marked
    # complete only at the end; an unmarked one is an interrupted build and is rebuilt.
    local key
    key="$(_requirements_key)"
    if [[ "$MODE" == host ]]; then
        VENV="$CACHE_DIR/venv-$key"
        export VENV_INNER="$VENV"
        [[ -f "$VENV/.complete" ]] && return
        mkdir -p "$CACHE_DIR"
        rm -rf "$VENV"
        _log "Creating the virtual environment (once per requirement pin; a few minutes)"
        "$HOST_PYTHON" -m venv "$VENV"
        "$VENV/bin/python" -m pip install -q --upgrade pip
        "$VENV/bin/python" -m pip install -q -r "$PROJECT_DIR/requirements.txt"
    else
        export VENV_INNER="/venvs/$key"
        VENV="$ROOT$VENV_INNER"
        [[ -f "$VENV/.complete" ]] && return
        rm -rf "$VENV"
        _log "Installing the pinned requirements (once per requirement pin; a few minutes)"
        _in_env /bin/bash -c '
            python3.14 -m venv "$VIRTUAL_ENV" &&
            python -m pip install -q --upgrade pip &&
            python -m pip install -q -r requirements.txt' || {
            _log "Installing requirements failed"
            exit 1
        }
    fi
    touch "$VENV/.complete"
}

toolchain_prepare() {
    _choose_mode
    mkdir -p "$CACHE_DIR"
    # One preparation at a time: parallel runs wait here instead of building twice.
    exec {_lock_fd}>"$CACHE_DIR/.lock"
    flock "$_lock_fd"
    if [[ "$MODE" == root ]]; then
        _build_root
    fi
    _build_venv
    flock -u "$_lock_fd"
}

toolchain_run() {
    _in_env "$@"
}
