#!/usr/bin/env bash
# Installs what the dashboard tests (tests/test_dashboard.py) drive: Debian's Chromium and the
# Playwright Python client. Playwright's own browser download (`playwright install`) is never used:
# the tests launch /usr/bin/chromium through executable_path. Idempotent; needs root (or sudo).
set -euo pipefail
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
if ! command -v chromium >/dev/null 2>&1; then
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium
fi
python3 -c "import playwright" 2>/dev/null || python3 -m pip install -q "playwright>=1.50,<2"
chromium --version
python3 -c "from importlib.metadata import version; print('playwright', version('playwright'))"
