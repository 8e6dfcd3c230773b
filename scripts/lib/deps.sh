# Installs the system packages scencat needs when they are missing (Debian/Ubuntu, as root or via sudo).
# Usage: . scripts/lib/deps.sh; ensure_deps [--with-test-tools]
ensure_deps() {
  local want=(libncursesw5-dev libsqlite3-dev zlib1g-dev)
  if [ "${1:-}" = "--with-test-tools" ]; then want+=(tmux git python3-pip patch); fi
  # scripts/check-publication: the printable list opened in headless Chromium, with CJK fonts, read back from its PDF.
  if [ "${1:-}" = "--with-test-tools" ]; then want+=(chromium fonts-noto-cjk poppler-utils); fi
  local missing=()
  for p in "${want[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  # pip may come with the Python on PATH rather than from Debian: then it is not missing.
  if python3 -m pip --version >/dev/null 2>&1; then
    local kept=(); for p in "${missing[@]}"; do [ "$p" != python3-pip ] && kept+=("$p"); done; missing=("${kept[@]}")
  fi
  [ ${#missing[@]} -eq 0 ] && return 0
  apt_install "${missing[@]}"
}

# apt-get install as root or through sudo; extra apt-get options (--no-install-recommends) may come first.
apt_install() {
  local packages=(); for p in "$@"; do [ "${p#-}" = "$p" ] && packages+=("$p"); done
  echo "scencat: installing ${packages[*]}" >&2
  local SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "scencat: need root (or sudo) to install: ${packages[*]}" >&2; return 4; }
    SUDO=sudo
  fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq >/dev/null || { echo "scencat: apt-get update failed" >&2; return 4; }
  $SUDO apt-get install -y -qq "$@" >/dev/null || { echo "scencat: could not install ${packages[*]}" >&2; return 4; }
}

ensure_swift() {
  if ! command -v swift >/dev/null; then
    if [ -x /opt/swift/usr/bin/swift ]; then export PATH="/opt/swift/usr/bin:$PATH"
    elif [ -x /opt/swift/bin/swift ]; then export PATH="/opt/swift/bin:$PATH"
    else echo "scencat: Swift 6 toolchain not found (expected on PATH or in /opt/swift)" >&2; return 4; fi
  fi
}

# Flags of the release build (scripts/run, scripts/bench): the Swift runtime and Foundation linked
# into the program when the toolchain ships their static libraries, which takes about 5 ms off the
# start of every command (docs/0033); the shared libraries otherwise.
release_build_flags() {
  local swift_bin; swift_bin="$(command -v swift)" || return 0
  swift_bin="$(readlink -f "$swift_bin")"
  if [ -d "$(dirname "$(dirname "$swift_bin")")/lib/swift_static/linux" ]; then echo "--static-swift-stdlib"; fi
}

# Python tools the tests use: PyYAML (the benchmark baseline, data checks) and check-jsonschema
# (the schema is checked the way editors and CI use it).
ensure_python_tools() {
  python3 -c 'import yaml' 2>/dev/null || python3 -m pip install --quiet --break-system-packages PyYAML >&2 2>/dev/null || python3 -m pip install --quiet PyYAML >&2 || { echo "scencat: could not install PyYAML" >&2; return 4; }
  # openpyxl: the submission-sheet fixtures (scripts/gen-sheet-fixtures) and scripts/check-sheets.
  python3 -c 'import openpyxl' 2>/dev/null || python3 -m pip install --quiet --break-system-packages openpyxl >&2 2>/dev/null || python3 -m pip install --quiet openpyxl >&2 || { echo "scencat: could not install openpyxl" >&2; return 4; }
  command -v check-jsonschema >/dev/null || python3 -m pip install --quiet --break-system-packages check-jsonschema >&2 2>/dev/null || python3 -m pip install --quiet check-jsonschema >&2 || { echo "scencat: could not install check-jsonschema" >&2; return 4; }
  command -v check-jsonschema >/dev/null || { hash -r; command -v check-jsonschema >/dev/null; } || { echo "scencat: check-jsonschema not on PATH after install" >&2; return 4; }
}

# LibreOffice's spreadsheet, headless (scripts/check-sheets converts exports to CSV and PDF with it).
# Without recommended packages: 56 packages, about 95 s to install and 260 MB on disk here (docs/0013).
ensure_libreoffice() {
  command -v soffice >/dev/null || apt_install --no-install-recommends libreoffice-calc-nogui
}
