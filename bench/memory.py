"""Peak memory of a process tree, sampled from outside it (Linux `/proc`).

The importer forks its mapping workers from the main process: their pages are mostly shared
with it, so adding each process's peak RSS counts those pages once per process. PSS divides
each shared page among the processes that map it, so the sum of the tree's PSS is the memory
the import really holds. It is sampled from the benchmark's process, 4 times a second: reading
`smaps_rollup` walks the process's page tables (about 1.5 ms for 400 MB), which more often
would slow the import it measures.
"""

import threading
from pathlib import Path

FIELDS = ("Pss", "Pss_Anon", "Pss_File")


def tree(pid: int) -> list[int]:
    """`pid` and its descendants (children lists of every thread, recursively)."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                todo.extend(int(c) for c in (task / "children").read_text().split())
            except OSError:  # the task ended meanwhile
                continue
    return found


def rollup(pid: int) -> dict[str, int]:
    """PSS figures of one process in kB (zeros when it has just ended)."""
    out = dict.fromkeys(FIELDS, 0)
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return out
    for line in text.splitlines():
        name, _, rest = line.partition(":")
        if name in out:
            out[name] = int(rest.split()[0])
    return out


class PeakMemory:
    """Samples the tree of `pid` every `interval` seconds until `stop()`; keeps the sample whose
    total PSS was the largest."""

    def __init__(self, pid: int, interval: float = 0.25) -> None:
        self.pid, self.interval = pid, interval
        self.peak = dict.fromkeys(FIELDS, 0)
        self.processes = 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._done.wait(self.interval):
            pids = tree(self.pid)
            total = dict.fromkeys(FIELDS, 0)
            for pid in pids:
                for name, kb in rollup(pid).items():
                    total[name] += kb
            if total["Pss"] > self.peak["Pss"]:
                self.peak, self.processes = total, len(pids)

    def stop(self) -> dict[str, float]:
        """Peak PSS of the tree in MB: total, anonymous (heaps) and file-backed (mapped files,
        the SQLite database's memory-mapped pages among them)."""
        self._done.set()
        self._thread.join()
        return {
            "pss_mb": self.peak["Pss"] / 1024,
            "pss_anon_mb": self.peak["Pss_Anon"] / 1024,
            "pss_file_mb": self.peak["Pss_File"] / 1024,
            "processes": self.processes,
        }
