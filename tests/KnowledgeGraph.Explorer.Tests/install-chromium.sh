#!/usr/bin/env bash
# Installs Debian's Chromium for the explorer's Playwright tests (tests/run.sh calls this when it is missing).
set -euo pipefail
if command -v chromium >/dev/null; then exit 0; fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo -n"; fi
export DEBIAN_FRONTEND=noninteractive
# The package lists may be empty on a fresh machine: update once, then install without prompts.
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq chromium >/dev/null
command -v chromium >/dev/null
