# Shared by scripts/run and scripts/test: install what is missing, once.
# Everything here is idempotent; what it builds is cached (~/.cargo/bin,
# ~/.cache/switchboard, end2end/node_modules, target/).

set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf '\033[1m[switchboard]\033[0m %s\n' "$*" >&2; }

CARGO_LEPTOS_VERSION=0.3.10

apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing Debian packages: ${missing[*]}"
    if [ "$(id -u)" != 0 ]; then
      say "need root to install packages"; exit 1
    fi
    apt-get update -qq >/dev/null || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

ensure_rust_tools() {
  command -v cargo >/dev/null || { say "cargo (rustup) is required"; exit 1; }
  if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32 target"
    rustup target add wasm32-unknown-unknown
  fi
  # wasm-bindgen-cli must match the wasm-bindgen in Cargo.lock exactly.
  local wanted
  wanted=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/[^0-9.]/,""); print; exit}' "$repo/Cargo.lock")
  local pids=()
  if [ "$(cargo leptos --version 2>/dev/null | awk '{print $2}')" != "$CARGO_LEPTOS_VERSION" ]; then
    say "installing cargo-leptos $CARGO_LEPTOS_VERSION (once; ~15 min on 2 cores)"
    cargo install -q cargo-leptos --locked --version "$CARGO_LEPTOS_VERSION" --features no_downloads &
    pids+=($!)
  fi
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$wanted" ]; then
    say "installing wasm-bindgen-cli $wanted (once)"
    # --locked fails for 0.2.130 here (a locked dependency is missing from
    # the registry mirror); a plain install works.
    cargo install -q wasm-bindgen-cli --version "=$wanted" &
    pids+=($!)
  fi
  # The two installs overlap: each has long single-threaded stretches.
  for pid in "${pids[@]}"; do wait "$pid"; done
}

# The app's own build: server binary + WASM + CSS into target/site.
build_app() {
  say "building the app (cargo leptos build)"
  (cd "$repo" && cargo leptos build)
}

wait_for_http() {
  local url=$1 seconds=${2:-60}
  for _ in $(seq 1 $((seconds * 4))); do
    if curl -fsS -o /dev/null "$url" 2>/dev/null; then return 0; fi
    sleep 0.25
  done
  return 1
}
