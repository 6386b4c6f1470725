"""Compiled `regex` patterns kept on disk, so that a process need not compile a large
pattern that an earlier one compiled already.

The `regex` module compiles a pattern in Python (seconds for the rule packs' largest
patterns) and pickles a compiled pattern as its compiled code, which loads in
milliseconds. Each pattern is kept in its own file, named by a hash of its source and
flags, in a folder per `regex` version: a changed pattern or another `regex` release
simply misses. The folder is ``$FIGURES_CACHE_DIR`` (empty: no cache), else
``$XDG_CACHE_HOME/figures``, else ``~/.cache/figures``; a folder that cannot be written
only costs the compile. Data read off the patterns (the words each rule needs) is kept
there too, as JSON named by a hash of all it depends on.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import pickle
import tempfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import regex

__all__ = ["cache_folder", "cached_json", "compile_cached"]

_KEEP = 2000  # files kept per folder; the oldest go beyond that


def cache_folder() -> Path | None:
    """Where compiled patterns are kept, or None when caching is off."""
    chosen = os.environ.get("FIGURES_CACHE_DIR")
    if chosen is not None:
        base = Path(chosen) if chosen.strip() else None
    else:
        xdg = os.environ.get("XDG_CACHE_HOME")
        base = (Path(xdg) if xdg else Path.home() / ".cache") / "figures"
    if base is None:
        return None
    return base / f"regex-{regex.__version__}"


class _Unpickler(pickle.Unpickler):
    """Loads compiled patterns and nothing else."""

    def find_class(self, module: str, name: str) -> object:
        if (module, name) == ("regex._regex", "compile"):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"not a compiled pattern: {module}.{name}")


def compile_cached(
    source: str, flags: int, lists: Mapping[str, Iterable[str]] | None = None
) -> regex.Pattern[str]:
    """``regex.compile(source, flags, **lists)``, read from the cache when an earlier
    process compiled the same pattern, with the same named lists (``\\L<name>``), under
    the same `regex` release."""
    named = {name: sorted(set(words)) for name, words in (lists or {}).items()}
    folder = cache_folder()
    if folder is None:
        return regex.compile(source, flags, **named)
    digest = hashlib.sha256(f"{flags}\0{source}".encode())
    for name, words in sorted(named.items()):
        digest.update(f"\0{name}\0{chr(1).join(words)}".encode())
    key = digest.hexdigest()
    path = folder / f"{key}.pickle"
    try:
        loaded = _Unpickler(io.BytesIO(path.read_bytes())).load()
        if isinstance(loaded, regex.Pattern) and loaded.pattern == source:
            return loaded
    except Exception:  # missing, unreadable or stale: compile it again
        pass
    compiled = regex.compile(source, flags, **named)
    _store(folder, path, compiled)
    return compiled


def cached_json(key: str, make: Callable[[], Any]) -> Any:
    """What ``make()`` returns (JSON data), read from the cache when an earlier process
    made it under the same ``key`` (a hash of everything the data depends on)."""
    folder = cache_folder()
    if folder is None:
        return make()
    path = folder / f"{key}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):  # missing, unreadable or cut short: make it again
        pass
    data = make()
    _store(folder, path, json.dumps(data).encode("utf-8"))
    return data


def _store(folder: Path, path: Path, content: regex.Pattern[str] | bytes) -> None:
    tmp: str | None = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, suffix=".tmp", delete=False) as fh:
            tmp = fh.name
            if isinstance(content, bytes):
                fh.write(content)
            else:
                pickle.dump(content, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)  # atomic: readers see the whole file or none
        tmp = None
        files = sorted(
            (f for f in folder.iterdir() if f.suffix in (".pickle", ".json")),
            key=lambda p: p.stat().st_mtime,
        )
        for old in files[: max(0, len(files) - _KEEP)]:
            old.unlink(missing_ok=True)
    except OSError:
        pass
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
