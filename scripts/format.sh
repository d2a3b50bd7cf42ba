#!/usr/bin/env bash
# Formats the Swift sources in place with the repository's .swift-format, then lints them with
# `swift format lint --strict` (any finding fails). `--lint-only` checks without rewriting (CI).
# swift-format ships with the Swift toolchain (Swift 6 and later): `swift format --version`.
set -euo pipefail
cd "$(dirname "$0")/.."
paths=(Sources Tests Benchmarks Fuzz Package.swift)
case "${1:-}" in
    --lint-only) ;;
    "") swift format format --in-place --recursive --parallel "${paths[@]}" ;;
    *) echo "usage: scripts/format.sh [--lint-only]" >&2; exit 64 ;;
esac
swift format lint --strict --recursive --parallel "${paths[@]}"
