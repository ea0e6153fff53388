#!/usr/bin/env bash
# Build dist/icusync.pyz (or OUT_DIR/icusync.pyz with `./build.sh OUT_DIR`): one file holding
# icusync and its dependencies (shiv). The package is built from a copy of the sources, so
# the checkout gains no build/ or egg-info directories.
# Compiled wheels (cryptography, pydantic-core) are for the building machine's
# platform: build on the same OS/architecture you deploy to (e.g. on the Pi).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
PYTHON=${PYTHON:-python3}
out=$(mkdir -p "${1:-$here/dist}" && cd "${1:-$here/dist}" && pwd)
if ! "$PYTHON" -m shiv --version >/dev/null 2>&1; then
  "$PYTHON" -m pip install -q "shiv>=1.0"
fi
src=$(mktemp -d)
trap 'rm -rf "$src"' EXIT
# -L: icusync/static is a link to the top-level static/, and the copy must hold the files.
cp -RL "$here/pyproject.toml" "$here/README.md" "$here/icusync" "$src/"
find "$src" -name __pycache__ -prune -exec rm -rf {} +
"$PYTHON" -m shiv --compressed --reproducible \
  -p "/usr/bin/env python3" -c icusync -o "$out/icusync.pyz" "$src"
echo "built $out/icusync.pyz ($(du -h "$out/icusync.pyz" | cut -f1))"
