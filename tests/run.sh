#!/usr/bin/env bash
# Set up everything the tests need on a fresh Debian machine, then run the whole suite:
# Debian's chromium for the browser tests and Java 17 for the Spark tests, a virtual
# environment with figures and its test dependencies (pyspark and pyarrow among them),
# ruff, the gold-set scores, then pytest. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    echo "== installing Debian chromium for the browser tests"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "== chromium is missing and this is not root: the browser tests will skip" \
         "(install it with: sudo apt-get install chromium)"
  fi
fi

if ! command -v java >/dev/null 2>&1 && [ -z "${JAVA_HOME:-}" ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "== installing Debian's Java 17 for the Spark tests"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >/dev/null
  else
    echo "== java is missing and this is not root: the Spark tests will skip" \
         "(install it with: sudo apt-get install openjdk-17-jre-headless)"
  fi
fi

echo "== virtual environment .venv"
python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[test]'

echo "== ruff"
.venv/bin/ruff check figures tests benchmarks

if [ -f ../shared/corpus/dev-gold.jsonl ]; then
  echo "== figures eval ../shared/corpus/dev-gold.jsonl"
  .venv/bin/figures eval ../shared/corpus/dev-gold.jsonl
fi

echo "== pytest"
.venv/bin/python -m pytest "$@"
