#!/usr/bin/env bash
# `make bundle`: one archive that installs ChiDao on a server with no package
# registry (scripts/install-offline.sh). Holds the source, wheels of every
# pinned requirement for this Python and architecture, the compiled
# catalogues, the collected static files and deploy/. Build it on a machine
# like the server (Debian 12 amd64 ships Python 3.11, as here).
#   out: dist/chidao-<version>-cp311-x86_64.tar.gz (+ .sha256)
set -euo pipefail
cd "$(dirname "$0")/.."
here=$(pwd)
py=${PY:-$here/.venv/bin/python}
version=$(git describe --tags --always --dirty 2>/dev/null || date +%Y%m%d)
pytag=$("$py" -c 'import sys; print(f"cp{sys.version_info[0]}{sys.version_info[1]}")')
arch=$(uname -m)
name="chidao-${version}-${pytag}-${arch}"
out="${BUNDLE_DIR:-$here/dist}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root="$work/$name"
mkdir -p "$root" "$out"

# The tracked files as they are in the work tree, and the compiled catalogues.
git ls-files -z | tar --null -T - -cf - | tar -xf - -C "$root"
find chidao -name '*.mo' -print0 | tar --null -T - -cf - | tar -xf - -C "$root"

# Static files with hashed names, collected as production serves them.
(cd "$root" && DJANGO_DEBUG=0 "$py" manage.py collectstatic --noinput -v 0)

# Wheels for every requirement (and theirs); sdists are built into wheels here.
"$py" -m pip wheel --quiet --wheel-dir "$root/wheels" -r requirements.txt
# cvdupdate, for the ClamAV signature mirror host (deploy/clamav/).
"$py" -m pip wheel --quiet --wheel-dir "$root/wheels-mirror" -r deploy/clamav/requirements-mirror.txt

cat > "$root/BUNDLE.txt" <<INFO
name: $name
version: $version
python: $pytag
arch: $arch
built: $(date -Iseconds)
install: sudo scripts/install-offline.sh $name.tar.gz   (docs/DEPLOY.md)
INFO
(cd "$root" && find . -type f ! -name SHA256SUMS -print0 | sort -z | xargs -0 sha256sum > SHA256SUMS)

tar -C "$work" -czf "$out/$name.tar.gz" "$name"
(cd "$out" && sha256sum "$name.tar.gz" > "$name.tar.gz.sha256")
echo "$out/$name.tar.gz"
