#!/usr/bin/env bash
# Create or reuse the kit's virtual environment, make sure a CJK font exists,
# register the Jupyter kernel "kit" and, as root on Debian, install the
# chromium that the browser tests drive.
#
# Called by every Makefile target that needs the environment.  A stamp file
# keyed on the dependency files makes a second run a no-op that takes seconds.
# Each failure prints one line saying what is missing and how to get it.
set -euo pipefail

PYTHON="${PYTHON:-python3}"
VENV="${VENV:-.venv}"
LOCK="requirements.lock"

die() { echo "kit setup: $*" >&2; exit 1; }

command -v "$PYTHON" >/dev/null 2>&1 \
  || die "no '$PYTHON' found: install Python >= 3.10 (Debian/Ubuntu: apt-get install python3 python3-venv python3-dev; macOS: brew install python) or run make PYTHON=/path/to/python3"
"$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)' \
  || die "Python >= 3.10 is needed, '$PYTHON' is $("$PYTHON" -c 'import platform; print(platform.python_version())'): install a newer one or run make PYTHON=/path/to/python3.11"

stamp_key() {
  "$PYTHON" - "$LOCK" <<'PY'
import hashlib, os, sys
digest = hashlib.sha256()
# setup.py and the .pyx: a changed compiled module must be rebuilt.
for name in ("pyproject.toml", sys.argv[1], "scripts/setup-env.sh", "setup.py", "kit/tokenization/_fastseg.pyx"):
    if os.path.exists(name):
        digest.update(name.encode() + b"\0" + open(name, "rb").read())
print(digest.hexdigest())
PY
}
STAMP="$VENV/.kit-stamp"
KEY="$(stamp_key)"

if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$KEY" ] && [ -x "$VENV/bin/python" ]; then
  :  # environment is current
else
  echo "kit setup: building the environment in $VENV (first run: a few minutes; pkuseg compiles from source)"
  "$PYTHON" -c 'import venv, ensurepip' 2>/dev/null \
    || die "Python's venv module is missing: apt-get install python3-venv (Debian/Ubuntu)"
  [ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
  PIP=("$VENV/bin/python" -m pip --disable-pip-version-check -q)
  CONSTRAINTS=()
  [ -f "$LOCK" ] && CONSTRAINTS=(-c "$LOCK")

  # pkuseg 0.0.25 ships only as source, and the kit compiles its segmenter
  # (kit/tokenization/_fastseg.pyx): both need a C compiler and Python's headers.
  command -v cc >/dev/null 2>&1 || command -v gcc >/dev/null 2>&1 \
    || die "no C compiler found, needed to build pkuseg and the kit's segmenter: apt-get install build-essential python3-dev (Debian/Ubuntu), xcode-select --install (macOS)"
  INCLUDE="$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["include"])')"
  [ -f "$INCLUDE/Python.h" ] \
    || die "Python headers (Python.h) not found in $INCLUDE, needed to build pkuseg and the kit's segmenter: apt-get install python3-dev (Debian/Ubuntu)"

  if ! "$VENV/bin/python" -c 'import pkuseg' 2>/dev/null; then
    # pkuseg's setup.py imports numpy and Cython.
    "${PIP[@]}" install "${CONSTRAINTS[@]}" "numpy==2.4.6" "cython==3.3.1" setuptools wheel
    "${PIP[@]}" install "${CONSTRAINTS[@]}" --no-build-isolation "pkuseg==0.0.25"
  fi
  "${PIP[@]}" install "${CONSTRAINTS[@]}" -e ".[test,build]"
  echo "$KEY" > "$STAMP.tmp" && mv "$STAMP.tmp" "$STAMP"
fi

# The font check runs every time (it is fast): fonts can disappear between runs.
if ! "$VENV/bin/python" -m kit.fonts --check >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "kit setup: no CJK font found; installing fonts-noto-cjk with apt-get"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null \
      || die "apt-get install fonts-noto-cjk failed: install a CJK font by hand or set KIT_CJK_FONT=/path/to/font.otf"
  fi
  "$VENV/bin/python" -m kit.fonts --check || exit 1
fi

# The Jupyter kernel "kit" (shown as "Python (kit)"), registered for this user so
# that VS Code, Jupyter Notebook and a JupyterLab installed elsewhere find the
# kit's environment.  It points to this checkout's .venv: the last checkout to
# run the set-up owns it.  KIT_NO_KERNEL=1 skips this.
if [ "${KIT_NO_KERNEL:-0}" != "1" ]; then
  registered="$("$VENV/bin/python" - <<'PY' 2>/dev/null || true
import json, os, sys
from jupyter_client.kernelspec import KernelSpecManager
try:
    spec = KernelSpecManager().get_kernel_spec("kit")
    print(os.path.abspath(spec.argv[0]) if os.path.exists(spec.argv[0]) else "")
except Exception:
    print("")
PY
)"
  wanted="$("$VENV/bin/python" -c 'import os, sys; print(os.path.abspath(sys.executable))')"
  if [ "$registered" != "$wanted" ]; then
    "$VENV/bin/python" -m ipykernel install --user --name kit --display-name "Python (kit)" >/dev/null \
      || die "could not register the Jupyter kernel 'kit' (ipykernel install --user failed); KIT_NO_KERNEL=1 skips it"
    echo "kit setup: registered the Jupyter kernel 'Python (kit)' (name: kit) for $VENV"
  fi
fi

# Debian's chromium, for the browser tests (Playwright drives it; it never
# downloads a browser of its own).  Without it those tests are skipped.
if [ ! -x /usr/bin/chromium ] && [ "${KIT_NO_BROWSER:-0}" != "1" ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "kit setup: installing chromium with apt-get, for the browser tests (KIT_NO_BROWSER=1 skips this)"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null \
      || echo "kit setup: apt-get install chromium failed: the browser tests will be skipped" >&2
  fi
fi
