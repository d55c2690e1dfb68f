"""The on-disk spool (docs/client.md, "Spool"): the same files as the C# SDK's, so either client reads the other's.

One file per batch named by its zero-padded sequence and its time (``00000000000000000042-1733550000000.batch``; a
name without the time, from an older agent, is read with time 0), written to a temporary
``.<name>.<hex>.tmp`` beside it, fsync'd, renamed, the directory fsync'd: a crash leaves the whole batch or nothing.
Reopening the directory restores the queue in sequence order. Beyond ``max_batches`` or ``max_bytes`` the oldest
batches are dropped and reported to the caller. One writer (the push loop); counters may be read from any thread.
"""

from __future__ import annotations

import collections
import os
import threading
from dataclasses import dataclass
from typing import Optional

from .config import SpoolOptions

_EXTENSION = ".batch"


@dataclass(frozen=True)
class Batch:
    """One rendered push: its sequence number (also in its ``dualhub_push_sequence`` gauge), text 0.0.4 body, and the
    time it was made (Unix ms, strictly increasing per agent; 0 when unknown). Hubs stamp the batch's samples with that
    time (``X-DualHub-Batch-Time``), so a batch two hubs both committed is one sample at CentralHub, not two."""

    sequence: int
    body: bytes
    time_ms: int = 0


# What an append dropped to stay within the bounds.
AppendResult = collections.namedtuple("AppendResult", "dropped_batches dropped_bytes first_dropped last_dropped", defaults=(0, 0, 0, 0))


def write_atomically(path: str, content: bytes) -> None:
    """Temporary file beside ``path``, fsync, rename over it, fsync the directory (as the C# SDK's AtomicFile)."""
    directory, name = os.path.split(os.path.abspath(path))
    temp = os.path.join(directory, f".{name}.{os.urandom(6).hex().upper()}.tmp")
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        try:
            view = memoryview(content)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, path)
        dfd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(dfd)  # the rename is on disk only once the directory is
        finally:
            os.close(dfd)
    finally:
        if os.path.exists(temp):
            os.remove(temp)


class DiskSpool:
    """In-order, bounded, on-disk queue of batches no hub accepted."""

    def __init__(self, options: SpoolOptions):
        self._dir = options.path
        self._max_batches = options.max_batches
        self._max_bytes = options.max_bytes
        self._lock = threading.Lock()
        self._index = collections.deque()
        self._bytes = 0
        os.makedirs(self._dir, exist_ok=True)
        found = []
        for entry in os.scandir(self._dir):
            if entry.name.endswith(".tmp"):
                os.remove(entry.path)  # an append cut short by a crash: never acknowledged as spooled
            elif entry.name.endswith(_EXTENSION):
                seq, _, time_ms = entry.name[: -len(_EXTENSION)].partition("-")
                if seq.isascii() and seq.isdigit() and (time_ms == "" or (time_ms.isascii() and time_ms.isdigit())):
                    found.append((int(seq), int(time_ms or 0), entry.stat().st_size))
        for seq, time_ms, size in sorted(found):
            self._index.append((seq, time_ms, size))
            self._bytes += size

    @property
    def count(self) -> int:
        with self._lock:
            return len(self._index)

    @property
    def bytes(self) -> int:
        with self._lock:
            return self._bytes

    @property
    def max_sequence(self) -> int:
        """Highest sequence in the spool, 0 when empty."""
        with self._lock:
            return self._index[-1][0] if self._index else 0

    def append(self, batch: Batch) -> AppendResult:
        """Appends durably; drops the oldest batches beyond the bounds and says which."""
        write_atomically(self._file(batch.sequence, batch.time_ms), batch.body)
        with self._lock:
            self._index.append((batch.sequence, batch.time_ms, len(batch.body)))
            self._bytes += len(batch.body)
        dropped = dropped_bytes = first = last = 0
        while True:
            with self._lock:
                # The newest batch always stays, even if alone it is over max_bytes.
                if len(self._index) <= 1 or (len(self._index) <= self._max_batches and self._bytes <= self._max_bytes):
                    break
                seq, time_ms, size = self._index.popleft()
                self._bytes -= size
            _delete(self._file(seq, time_ms))
            dropped += 1
            dropped_bytes += size
            first = seq if dropped == 1 else first
            last = seq
        return AppendResult(dropped, dropped_bytes, first, last)

    def peek_oldest(self) -> Optional[Batch]:
        """The oldest batch, or None when empty. An unreadable file is skipped (and forgotten)."""
        while True:
            with self._lock:
                if not self._index:
                    return None
                seq, time_ms, _ = self._index[0]
            try:
                with open(self._file(seq, time_ms), "rb") as f:
                    return Batch(seq, f.read(), time_ms)
            except OSError:
                self.remove_oldest(seq)

    def remove_oldest(self, sequence: int) -> None:
        """Removes the oldest batch once a hub accepted it."""
        with self._lock:
            if not self._index or self._index[0][0] != sequence:
                return
            _, time_ms, size = self._index.popleft()
            self._bytes -= size
        _delete(self._file(sequence, time_ms))

    def _file(self, sequence: int, time_ms: int) -> str:
        return os.path.join(self._dir, f"{sequence:020d}{'-' + str(time_ms) if time_ms > 0 else ''}{_EXTENSION}")


class SequenceFile:
    """The last sequence number used, in ``<spool>/sequence``, so numbers keep growing across restarts. Written without
    fsync: it is a hint, the spool's own file names carry the sequence of anything that matters."""

    def __init__(self, directory: str):
        self._path = os.path.join(directory, "sequence")

    def load(self) -> int:
        try:
            with open(self._path, encoding="ascii") as f:
                text = f.read().strip()
        except (OSError, UnicodeDecodeError):
            return 0
        return int(text) if text.isascii() and text.isdigit() else 0

    def save(self, sequence: int) -> None:
        try:
            with open(self._path, "w", encoding="ascii") as f:
                f.write(str(sequence))
        except OSError:
            pass


def _delete(path: str) -> None:
    try:
        os.remove(path)
    except OSError:
        pass
