#!/usr/bin/env bash
# bash scripts/faults.sh [--full] [options]: see scripts/reliability.sh and docs/reliability.md.
exec bash "$(dirname "${BASH_SOURCE[0]}")/reliability.sh" faults "$@"
