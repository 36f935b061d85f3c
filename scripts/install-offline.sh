#!/usr/bin/env bash
# Install a ChiDao bundle (`make bundle`) with no package registry:
#   sudo scripts/install-offline.sh chidao-<version>-cp311-x86_64.tar.gz [PREFIX]
# PREFIX defaults to /srv/chidao. The release goes to PREFIX/releases/<name>
# with its own .venv (pip --no-index from the bundle's wheels); PREFIX/current
# then points at it. The database is not touched: run migrate afterwards
# (docs/DEPLOY.md §6 and §10).
set -euo pipefail
bundle=${1:?usage: install-offline.sh BUNDLE.tar.gz [PREFIX]}
prefix=${2:-/srv/chidao}
python=${PYTHON:-python3}
name=$(basename "$bundle" .tar.gz)
release="$prefix/releases/$name"

if [ -f "$bundle.sha256" ]; then
  (cd "$(dirname "$bundle")" && sha256sum --quiet -c "$(basename "$bundle").sha256")
fi
want=$(echo "$name" | sed -E 's/.*-(cp[0-9]+)-([^-]+)$/\1 \2/')
have="$("$python" -c 'import sys; print(f"cp{sys.version_info[0]}{sys.version_info[1]}")') $(uname -m)"
if [ "$want" != "$have" ]; then
  echo "This bundle is for $want; this server has $have." >&2
  exit 1
fi
if [ -e "$release" ]; then
  echo "$release already exists." >&2
  exit 1
fi

mkdir -p "$prefix/releases"
tar -xzf "$bundle" -C "$prefix/releases"
(cd "$release" && sha256sum --quiet -c SHA256SUMS)

"$python" -m venv "$release/.venv"
# No index, no cache, no user configuration: only the bundle's wheels.
PIP_CONFIG_FILE=/dev/null PIP_NO_CACHE_DIR=1 "$release/.venv/bin/pip" install \
  --quiet --no-index --find-links "$release/wheels" -r "$release/requirements.txt"
"$release/.venv/bin/python" -c "import django, gunicorn, psycopg, chidao" \
  || { echo "the installed release does not import" >&2; exit 1; }
(cd "$release" && .venv/bin/python -m compileall -q chidao >/dev/null)

ln -sfn "$release" "$prefix/current.new"
mv -T "$prefix/current.new" "$prefix/current"
echo "installed $release; $prefix/current points at it."
echo "next: scripts/chidao-manage migrate && systemctl restart chidao-web chidao-worker@1 chidao-scheduler"
