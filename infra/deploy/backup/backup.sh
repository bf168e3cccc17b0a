#!/usr/bin/env bash
# npm run backup: one pg_dump of the whole Switchyard database (every service's schema) in
# custom format, then rotation keeping the newest BACKUP_KEEP generations.
#   DATABASE_URL   database to back up (required)
#   BACKUP_DIR     where the dumps go (default: backups)
#   BACKUP_KEEP    generations kept (default: 30)
set -euo pipefail

: "${DATABASE_URL:?DATABASE_URL must name the database to back up}"
dir="${BACKUP_DIR:-backups}"
keep="${BACKUP_KEEP:-30}"
[[ "$keep" =~ ^[1-9][0-9]*$ ]] || { echo "backup: BACKUP_KEEP must be a positive whole number, not '$keep'" >&2; exit 64; }
command -v pg_dump >/dev/null || { echo "backup: pg_dump is not installed: apt-get install -y postgresql-client" >&2; exit 69; }

mkdir -p "$dir"
name="switchyard-$(date -u +%Y%m%dT%H%M%S.%3NZ).dump"
# Written under a temporary name and renamed when complete: a failed dump never counts as a generation.
pg_dump --format=custom --compress=6 --no-owner --no-privileges --file="$dir/.$name.partial" "$DATABASE_URL"
mv "$dir/.$name.partial" "$dir/$name"
echo "backup: wrote $dir/$name"

# Names sort by time; everything older than the newest $keep goes.
mapfile -t old < <(find "$dir" -maxdepth 1 -name 'switchyard-*.dump' -printf '%f\n' | sort -r | tail -n +"$((keep + 1))")
for file in "${old[@]}"; do
  rm -f -- "$dir/$file"
  echo "backup: removed $dir/$file (keeping $keep)"
done
