"""seismo.bench: the project's measurements (quality with the shared scorer, speed, geo, scale)."""
from __future__ import annotations

import resource


def peak_rss_mb() -> float:
    """Peak resident memory of this process since it started (MB).

    VmHWM belongs to the process's own address space, so it starts afresh at exec; ru_maxrss
    does not (Linux carries it over from the forking parent), and a benchmark started from a
    1.5 GB test process would report the parent's size instead of its own.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
