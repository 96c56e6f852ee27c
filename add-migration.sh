#!/usr/bin/env bash
# Adds the next EF Core migration for both providers: ./add-migration.sh AddBlog
set -euo pipefail
name=${1:?usage: ./add-migration.sh MigrationName}
cd "$(dirname "$0")"
dotnet tool restore >/dev/null
for provider in Sqlite Postgres; do
  dotnet ef migrations add "$name" --project src/Cairn.Web --context "${provider}CairnDbContext" \
    --output-dir "Platform/Data/Migrations/$provider"
done
