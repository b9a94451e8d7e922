#!/usr/bin/env bash
# The project's test command (README): builds everything and runs every test project.
# Tests that need Node packages (Cypher analysis) install them themselves from lock files.
set -euo pipefail
cd "$(dirname "$0")/.."
# The explorer's browser tests drive Debian's Chromium (Playwright never downloads a browser here).
command -v chromium >/dev/null || bash tests/KnowledgeGraph.Explorer.Tests/install-chromium.sh
dotnet build KnowledgeGraph.sln -c Release -nologo -v:q
# Minimal console logging prints each failed test with its message and stack trace (quiet prints only its name).
dotnet test KnowledgeGraph.sln -c Release --no-build -nologo -v:q --logger "console;verbosity=minimal" "$@"
