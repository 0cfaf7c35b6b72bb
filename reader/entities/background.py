"""Entity analysis in a process of its own, for the interface.

The interface used to run :func:`~reader.entities.analysis.analyze_pending` on one of
its threads: the analysis's memory (hundreds of MB at 100,000 articles) added to the
interface's own, and its Python code competed with the interface for the GIL, so keys
were slow while it ran. :class:`BackgroundAnalysis` runs it in a child process instead
(``python -m reader.entities.background DB``), on its own connection to the same file
(the store takes a second writer: WAL, busy timeouts, one transaction per batch).

A child started with :mod:`subprocess` rather than :mod:`multiprocessing`: a fresh
interpreter running a module, with nothing of the interface's ``__main__`` re-imported
and nothing pickled, talking over plain pipes the interface can read line by line; and
the child's own standard error is a real file, so its pool (a bulk import is still
spread over the cores, see :mod:`reader.entities.analysis`) starts its resource tracker
without the work-around the interface's captured stream needs.

The protocol, one line each on the child's standard output: ``progress DONE TOTAL``
after each batch, then ``done`` or ``failed MESSAGE`` (the one-line message the
interface shows). The counts the interface needs are read from the store afterwards
(an index read), never sent across.

The interface starts the child only when
:func:`~reader.entities.identity.analysis_pending` says there is something to do (a
start with nothing new starts none; the child cost ~0.7 s of CPU at 10,000 articles,
2.3 s and 200 MB at 100,000, to find nothing).

Stopping: the interface kills the child (at most the batch in progress is lost; it
is rolled back with its transaction, and the next start resumes where the last
commit left off). If the interface dies however it dies, its end of the child's
standard input closes, and the child exits as it reads end-of-file; the child's pool
workers follow it (:mod:`reader.entities.lifeline`).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import IO

import reader
from reader.errors import ReaderError

#: Seconds between two looks at the cancel event while the child runs.
POLL_SECONDS = 0.1
#: Characters of the child's standard error quoted when it ends without a word.
STDERR_TAIL = 300


class AnalysisError(ReaderError):
    """The child failed; the message is the one line to show."""


class BackgroundAnalysis:
    """A running analysis child: its progress as it comes, then its end.

    ``cancelled``: an event the caller sets to stop the analysis (the interface
    passes its worker's); the child is killed within :data:`POLL_SECONDS`.
    """

    def __init__(self, db_path: Path, cancelled: threading.Event | None = None) -> None:
        self.db_path = Path(db_path)
        self.stopped = False
        self._stderr: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close())
        environment = dict(os.environ)
        # the package as this process found it, even run from a source tree
        package_root = str(Path(reader.__file__).resolve().parent.parent)
        environment["PYTHONPATH"] = os.pathsep.join(
            p for p in (package_root, environment.get("PYTHONPATH", "")) if p
        )
        try:
            self._process = subprocess.Popen(
                [sys.executable, "-m", "reader.entities.background", str(self.db_path)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self._stderr,
                env=environment,
            )
        except OSError as error:
            self._stderr.close()
            raise AnalysisError(f"cannot start the analysis process: {error}") from None
        self._lock = threading.Lock()
        if cancelled is not None:
            threading.Thread(
                target=self._stop_on, args=(cancelled,), name="reader-analysis-cancel", daemon=True
            ).start()

    @property
    def pid(self) -> int:
        return self._process.pid

    def progress(self) -> Iterator[tuple[int, int]]:
        """``(done, total)`` after each batch, until the child ends. Raises
        :class:`AnalysisError` if it failed; returns quietly if it was stopped."""
        assert self._process.stdout is not None
        for raw in self._process.stdout:
            word, _, rest = raw.decode("utf-8", "replace").rstrip("\n").partition(" ")
            if word == "progress":
                done, _, total = rest.partition(" ")
                yield int(done), int(total)
            elif word == "done":
                self._process.wait()
                return
            elif word == "failed":
                self._process.wait()
                raise AnalysisError(rest)
        code = self._process.wait()
        if self.stopped:
            return
        ended = f"the analysis process ended unexpectedly (exit code {code})"
        raise AnalysisError(ended + self._tail())

    def stop(self) -> None:
        """Kill the child now (idempotent) and wait for it."""
        with self._lock:
            if self._process.poll() is None:
                self.stopped = True
                self._process.kill()
        self._process.wait()

    def close(self) -> None:
        self.stop()
        for stream in (self._process.stdin, self._process.stdout, self._stderr):
            if stream is not None:
                stream.close()

    def __enter__(self) -> BackgroundAnalysis:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def _stop_on(self, cancelled: threading.Event) -> None:
        while self._process.poll() is None:
            if cancelled.wait(POLL_SECONDS):
                self.stop()
                return

    def _tail(self) -> str:
        self._stderr.seek(0, os.SEEK_END)
        self._stderr.seek(max(0, self._stderr.tell() - STDERR_TAIL))
        lines = self._stderr.read().decode("utf-8", "replace").strip().splitlines()
        return f": {lines[-1]}" if lines else ""


def _exit_when_parent_goes() -> None:
    """End this process as soon as its standard input closes: the parent's end of the
    pipe closes when the parent dies, however it dies (a pipe, unlike
    ``PR_SET_PDEATHSIG``, is bound to the parent process, not the thread that started
    the child)."""

    def watch() -> None:
        # the descriptor, not sys.stdin: a daemon thread blocked in a buffered read
        # holds its lock, and the interpreter aborts at exit waiting for it
        try:
            while os.read(0, 4096):
                pass
        except OSError:
            pass
        os._exit(1)

    threading.Thread(target=watch, name="reader-parent-pipe", daemon=True).start()


def main(argv: list[str] | None = None) -> int:
    """The child: analyse the store at ``argv[0]``, reporting on standard output."""
    args = sys.argv[1:] if argv is None else argv
    # the channel keeps the pipe; descriptor 1 becomes standard error, so nothing
    # printed here or in the pool's workers (which inherit it) mixes with the protocol
    channel = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    _exit_when_parent_goes()

    from reader.entities.analysis import analyze_pending
    from reader.store.database import open_database

    def progress(done: int, total: int) -> None:
        channel.write(f"progress {done} {total}\n")

    try:
        db = open_database(Path(args[0]), migrate=False, light=True)
        try:
            # None: in-process for a few texts, a pool over the cores for a bulk import
            analyze_pending(db, processes=None, progress=progress)
        finally:
            db.conn.close()
    except Exception as error:  # told to the interface in one line, as it shows it
        message = str(error) if isinstance(error, ReaderError) else repr(error)
        channel.write(f"failed {' '.join(message.split())}\n")
        return 1
    channel.write("done\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
