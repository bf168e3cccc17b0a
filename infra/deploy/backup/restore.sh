#!/usr/bin/env bash
# npm run restore [-- FILE]: restores a dump made by `npm run backup` into DATABASE_URL,
# which should be a new, empty database (stop the services first). Without FILE, the newest
# dump in BACKUP_DIR. Services started on the restored database run any newer migrations.
#   DATABASE_URL   database to restore into (required)
#   BACKUP_DIR     where `npm run backup` wrote its dumps (default: backups)
set -euo pipefail

: "${DATABASE_URL:?DATABASE_URL must name the database to restore into}"
dir="${BACKUP_DIR:-backups}"
command -v pg_restore >/dev/null || { echo "restore: pg_restore is not installed: apt-get install -y postgresql-client" >&2; exit 69; }

file="${1:-}"
if [ -z "$file" ]; then
  file="$(find "$dir" -maxdepth 1 -name 'switchyard-*.dump' -printf '%p\n' 2>/dev/null | sort -r | head -n 1)"
  [ -n "$file" ] || { echo "restore: no switchyard-*.dump in $dir; name a file: npm run restore -- FILE" >&2; exit 66; }
fi
[ -f "$file" ] || { echo "restore: $file does not exist" >&2; exit 66; }

# One transaction: a restore that fails leaves the database as it was.
pg_restore --exit-on-error --single-transaction --no-owner --no-privileges --dbname="$DATABASE_URL" "$file"
echo "restore: restored $file"
