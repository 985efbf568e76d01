#!/usr/bin/env bash
# Debian packages xxgk needs beyond Python: LibreOffice (reads .doc / .wps / .rtf by converting
# them to .docx), CJK fonts (LibreOffice layout and browser screenshots of Chinese text),
# Chromium (headless screenshot tests) and PostgreSQL (the store's server backend, tested
# against a throw-away cluster). Idempotent: when everything is installed already it
# touches nothing and takes well under a second, so CI can run it on every build.
#
#   sudo scripts/setup-debian.sh        # or as root, as on CI
set -euo pipefail

PACKAGES=(
  libreoffice-writer-nogui  # soffice --headless --convert-to docx
  fonts-noto-cjk            # CJK glyphs for LibreOffice and Chromium
  chromium                  # headless browser for screenshot tests
  postgresql                # the store's PostgreSQL backend: tests start a throw-away cluster
)

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup-debian: all packages present (${PACKAGES[*]})"
else
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
  fi
  echo "setup-debian: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update
  $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
fi

# A quick check that the converter actually starts (a broken install fails here, not in a test).
if ! command -v soffice >/dev/null 2>&1; then
  echo "setup-debian: soffice not on PATH after install" >&2
  exit 1
fi
soffice --version
