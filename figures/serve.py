"""Serve a figures database with Datasette: the project's metadata, plugins and safe settings."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

from figures.store import DB_DIR

SETTINGS = {
    "sql_time_limit_ms": 3000,
    "suggest_facets": "off",
    "facet_time_limit_ms": 500,
    "default_page_size": 50,
    "allow_download": "on",
}


def metadata_path() -> Path:
    """The Datasette metadata of the project (db/metadata.yml)."""
    return DB_DIR / "metadata.yml"


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def datasette_args(
    db_path: str | Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8001,
    immutable: bool = False,
    sql_time_limit_ms: int | None = None,
) -> list[str]:
    """The `datasette serve` command line for a database, with our metadata and settings."""
    settings = dict(SETTINGS)
    if sql_time_limit_ms is not None:
        settings["sql_time_limit_ms"] = sql_time_limit_ms
    args = [sys.executable, "-m", "datasette", "serve"]
    args += ["-i", str(db_path)] if immutable else [str(db_path)]
    args += ["-m", str(metadata_path()), "-h", host, "-p", str(port)]
    for key, value in settings.items():
        args += ["--setting", key, str(value)]
    return args


def serve(
    db_path: str | Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8001,
    immutable: bool = False,
    sql_time_limit_ms: int | None = None,
) -> int:
    """Run Datasette in the foreground until it is stopped; return its exit status."""
    if port == 0:
        port = free_port(host)
    name = Path(db_path).stem
    print(f"Datasette: http://{host}:{port}/{name}/claims  (Ctrl-C to stop)", flush=True)
    args = datasette_args(
        db_path, host=host, port=port, immutable=immutable, sql_time_limit_ms=sql_time_limit_ms
    )
    proc = subprocess.Popen(args, env=dict(os.environ))

    def forward(signum: int, _frame: object) -> None:
        # a service manager stops us with SIGTERM: Datasette must stop too, not be orphaned
        proc.send_signal(signum)

    stops = [s for s in ("SIGTERM", "SIGHUP") if hasattr(signal, s)]
    if threading.current_thread() is not threading.main_thread():
        stops = []  # only the main thread may set handlers
    previous = {s: signal.signal(getattr(signal, s), forward) for s in stops}
    try:
        while True:
            try:
                return proc.wait()
            except KeyboardInterrupt:  # Ctrl-C: Datasette stops on it; wait until it has
                proc.send_signal(signal.SIGINT)
    finally:
        for name, handler in previous.items():
            signal.signal(getattr(signal, name), handler)
