#!/usr/bin/env bash
# Installs what run.sh and test.sh need on a fresh Debian machine. Safe to run again: it skips what is there.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
for tool in "$@"; do
  case "$tool" in
    chromium) command -v chromium >/dev/null || need_apt+=(chromium) ;;
    # the WebDriver @axe-core/cli drives; Debian's matches Debian's chromium (npm's would download from Google)
    chromedriver) command -v chromedriver >/dev/null || need_apt+=(chromium-driver) ;;
    node) command -v node >/dev/null || need_apt+=(nodejs npm) ;;
    zip) command -v zip >/dev/null || need_apt+=(zip) ;;
    sqlite) command -v sqlite3 >/dev/null || need_apt+=(sqlite3) ;;
    zbar) command -v zbarimg >/dev/null || need_apt+=(zbar-tools) ;;
    # the second QR decoder of the label tests, for the system Python the Debian package installs into
    zxing) /usr/bin/python3 -c "import zxingcpp, PIL" 2>/dev/null || need_apt+=(python3-zxing-cpp python3-pil) ;;
    poppler) command -v pdftoppm >/dev/null || need_apt+=(poppler-utils) ;;
    vips) command -v vipsthumbnail >/dev/null || need_apt+=(libvips-tools) ;;  # photo tests and the images benchmark
    wrk) command -v wrk >/dev/null || need_apt+=(wrk) ;;
    fonts) fc-list 2>/dev/null | grep -q "DejaVuSans.ttf" || need_apt+=(fonts-dejavu-core fontconfig) ;;
  esac
done
if ((${#need_apt[@]})); then
  echo "==> apt-get install ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

command -v dotnet >/dev/null || { echo "The .NET 10 SDK is required (https://dot.net)."; exit 1; }

# Azurite comes from the committed lock file; reinstall only when the lock changed.
if [ ! -x node_modules/.bin/azurite ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "==> npm ci (Azurite)"
  npm ci --no-audit --no-fund --loglevel=error
fi
