"""Worker processes that end when the process that started them dies.

A pool's workers are told to stop by the parent when it shuts the pool down, which a
parent killed outright (SIGKILL, or SIGTERM/SIGHUP with no handler) never does; each
worker, about 180 MB with jieba's dictionary, would then idle on forever. So each one
watches its parent from the start: on Linux the kernel kills it as the parent dies
(``PR_SET_PDEATHSIG``); everywhere a daemon thread checks once a second whether it
has been handed to another parent, and exits if so. Both run before any work, and a
parent that died before the watch began is caught by the same check.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import threading
import time

#: Seconds between two looks at the parent in the portable watch.
POLL_SECONDS = 1.0
#: ``PR_SET_PDEATHSIG`` from <linux/prctl.h>.
_PR_SET_PDEATHSIG = 1


def follow_parent(parent_pid: int) -> None:
    """End this process when ``parent_pid`` (the process that started it) dies."""
    if sys.platform.startswith("linux"):
        _ask_kernel_to_kill_with_parent()
    _exit_if_orphaned(parent_pid)
    if os.name == "posix":  # elsewhere getppid() keeps naming a parent that is gone
        threading.Thread(
            target=_watch, args=(parent_pid,), name="reader-parent-watch", daemon=True
        ).start()


def _ask_kernel_to_kill_with_parent() -> None:
    with contextlib.suppress(OSError, AttributeError):  # no libc or prctl: the watch stays
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)


def _exit_if_orphaned(parent_pid: int) -> None:
    if os.getppid() != parent_pid:
        os._exit(1)  # no clean-up to do: a worker holds nothing but its own memory


def _watch(parent_pid: int) -> None:
    while True:
        _exit_if_orphaned(parent_pid)
        time.sleep(POLL_SECONDS)
