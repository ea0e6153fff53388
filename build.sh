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
# Bytecode for the building Python goes into the zipapp (shiv leaves it out), so no start compiles
# anything, even where the unpacked copy cannot be written (a read-only SHIV_ROOT,
# PYTHONDONTWRITEBYTECODE). Unchecked-hash .pyc: the unpacked sources never change (the unpack
# directory is named after the build), so Python need not compare them. Another Python version
# ignores these files and compiles from source as before.
"$PYTHON" - "$out/icusync.pyz" "$src/pyc" <<'PY'
import compileall, py_compile, sys, zipfile
from pathlib import Path

pyz, staging = sys.argv[1], Path(sys.argv[2])
with zipfile.ZipFile(pyz) as z:
    z.extractall(staging, [n for n in z.namelist() if n.startswith("site-packages/") and n.endswith(".py")])
compileall.compile_dir(staging, quiet=2, workers=0, invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
with zipfile.ZipFile(pyz, "a", zipfile.ZIP_DEFLATED) as z:
    for pyc in sorted(staging.rglob("*.pyc")):
        info = zipfile.ZipInfo(pyc.relative_to(staging).as_posix())
        info.external_attr = 0o644 << 16  # shiv gives each unpacked file the mode stored here
        z.writestr(info, pyc.read_bytes(), zipfile.ZIP_DEFLATED)
PY
echo "built $out/icusync.pyz ($(du -h "$out/icusync.pyz" | cut -f1))"
