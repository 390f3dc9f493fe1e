#!/usr/bin/env bash
# Install the Debian/Ubuntu packages Datalek needs when they are missing (WeasyPrint's libraries, fonts,
# pdftotext for the PDF tests, gettext for translations, venv support). Does nothing when all are there.
# With --test, also what only the tests need: Debian's Chromium for the end-to-end tests (Playwright drives it;
# `playwright install` cannot download browsers on our machines).
set -euo pipefail
packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core poppler-utils gettext)
[ "${1:-}" = "--test" ] && packages+=(chromium)
python_bin=$(command -v python3.11 || command -v python3)
"$python_bin" -c "import ensurepip, venv" 2>/dev/null || packages+=(python3-venv)

missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null; then
    echo "Missing system packages: ${missing[*]} (no apt-get here: install them with your package manager)." >&2
    exit 1
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Installing system packages: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
