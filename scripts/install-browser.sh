#!/usr/bin/env bash
# Installs what the dashboard tests (tests/test_dashboard.py) drive: Debian's Chromium (the
# Playwright Python client comes with the test extras). Playwright's own browser download
# (`playwright install`) is never used: the tests launch /usr/bin/chromium through
# executable_path. Part of the README's test command, so CI installs it on a clean machine.
# Idempotent. Without root or sudo, or without apt, it says so and exits 0: the dashboard tests
# are then skipped with that reason and the rest of the suite runs.
set -uo pipefail
if command -v chromium >/dev/null 2>&1; then
    chromium --version
    exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo"; else
        echo "install-browser: not root and no password-less sudo; dashboard tests will be skipped" >&2
        exit 0
    fi
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-browser: no apt-get; install Chromium as /usr/bin/chromium for the dashboard tests" >&2
    exit 0
fi
if $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium; then
    chromium --version
else
    echo "install-browser: apt-get could not install chromium; dashboard tests will be skipped" >&2
fi
exit 0
