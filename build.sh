#!/usr/bin/env bash
# Build dist/icusync.pyz: one file holding icusync and its dependencies (shiv).
# Compiled wheels (cryptography, pydantic-core) are for the building machine's
# platform: build on the same OS/architecture you deploy to (e.g. on the Pi).
set -euo pipefail
cd "$(dirname "$0")"
PYTHON=${PYTHON:-python3}
if ! "$PYTHON" -m shiv --version >/dev/null 2>&1; then
  "$PYTHON" -m pip install -q "shiv>=1.0"
fi
mkdir -p dist
"$PYTHON" -m shiv --compressed --reproducible \
  -p "/usr/bin/env python3" -c icusync -o dist/icusync.pyz .
echo "built dist/icusync.pyz ($(du -h dist/icusync.pyz | cut -f1))"
