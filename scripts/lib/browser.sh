# shellcheck shell=bash
# Finds (or, as root, installs) Debian's Chromium and installs playwright-core, pinned, into
# the cache, for the scripts that drive the real frontend (scripts/screenshot, scripts/e2e).
# Test tools' own browser downloads do not work everywhere; Debian's Chromium does.
# Sets CHROMIUM and PLAYWRIGHT_NODE_PATH (for NODE_PATH).

PLAYWRIGHT_VERSION="1.65.1"

browser_prepare() {
    local cache="${APPLIANCE_CARE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/appliance-care}"
    CHROMIUM="$(command -v chromium || command -v chromium-browser || true)"
    if [[ -z "$CHROMIUM" ]]; then
        if [[ "$(id -u)" == 0 ]]; then
            printf '[browser] Installing Chromium (once)\n' >&2
            if ! { apt-get update -qq &&
                DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }; then
                echo "Installing Chromium failed." >&2
                return 1
            fi
            CHROMIUM="$(command -v chromium)"
        else
            echo "Install Chromium (Debian package 'chromium') first." >&2
            return 1
        fi
    fi
    local node_dir="$cache/node-playwright-$PLAYWRIGHT_VERSION" lock
    mkdir -p "$cache"
    # One install at a time: a second script started meanwhile waits for it.
    exec {lock}>"$cache/.browser.lock"
    flock "$lock"
    if [[ ! -f "$node_dir/.complete" ]]; then
        printf '[browser] Installing playwright-core %s (once)\n' "$PLAYWRIGHT_VERSION" >&2
        rm -rf "$node_dir" && mkdir -p "$node_dir"
        (cd "$node_dir" && npm init -y >/dev/null && npm install --silent "playwright-core@$PLAYWRIGHT_VERSION") || {
            echo "Installing playwright-core failed." >&2
            exec {lock}>&-
            return 1
        }
        touch "$node_dir/.complete"
    fi
    exec {lock}>&-
    PLAYWRIGHT_NODE_PATH="$node_dir/node_modules"
}
