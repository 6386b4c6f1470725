"""Shared fixtures: the ../shared corpus, fresh databases, a real Datasette server, chromium."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
IN_CI = bool(os.environ.get("CI"))

# a small rule pack with a metric of its own: compiled in a second
FLOODS = """\
[pack]
id = "floods"
description = "People swept away by floods."
triggers = ['swept']

[metrics.swept_away]
label = "Swept away"
description = "People carried off by flood water."

[[rules]]
id = "swept.passive"
metric = "swept_away"
pattern = '''{num}\\s+people\\s+were\\s+swept\\s+away'''
examples = [
  { text = "Six people were swept away.", claims = [{ metric = "swept_away", value = 6 }] },
]
"""

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def need_corpus() -> Path:
    """The ../shared/corpus folder; skip without it, but fail under CI where it must be."""
    if not CORPUS.is_dir():
        if IN_CI:
            pytest.fail(f"{CORPUS} is missing under CI, where ../shared is always present")
        pytest.skip(f"{CORPUS} not found: the gold sets live beside the repository, in ../shared")
    return CORPUS


@pytest.fixture(scope="session")
def corpus() -> Path:
    return need_corpus()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "figures.db"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:  # type: ignore[type-arg]
    if CHROMIUM is None:
        if IN_CI:
            pytest.fail("chromium is missing under CI: .ci/run installs Debian's chromium")
        pytest.skip("Debian chromium not installed (apt-get install chromium)")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


def start_datasette(db: Path, log: Path) -> Iterator[str]:
    """Start `figures serve` on a free port; yield its base URL; stop it afterwards."""
    from figures.serve import free_port

    port = free_port()
    with log.open("w") as fh:
        proc = subprocess.Popen(
            [sys.executable, "-m", "figures.cli", "serve", "--db", str(db), "--port", str(port)],
            stdout=fh,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{base}/-/versions.json", timeout=2):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"datasette did not start: {log.read_text()}") from None
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
