#!/usr/bin/env bash
# Render time of the one Markdown renderer against input size, per input shape (issue 10, item 1); the baseline
# is plain prose of the same size in the same process. See bench/Markdown/Program.cs for the shapes.
#   bench/markdown.sh                          sizes 12500,25000,50000,100000, median of 5 runs
#   bench/markdown.sh --sizes 25000,100000 --runs 9
set -euo pipefail
cd "$(dirname "$0")/.."
exec dotnet run -c Release --project bench/Markdown -- "$@"
