"""Runs a command and prints what it cost as one JSON line, the shape the bench's child.ts prints:
wall milliseconds, CPU milliseconds of the command and everything it started, and the peak
resident memory of the largest of those processes. Standard library only."""

import json
import resource
import subprocess
import sys
import time

start = time.perf_counter()
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)
wall_ms = (time.perf_counter() - start) * 1000
used = resource.getrusage(resource.RUSAGE_CHILDREN)
print(
    json.dumps(
        {
            "ms": wall_ms,
            "cpuMs": (used.ru_utime + used.ru_stime) * 1000,
            "peakRssMb": used.ru_maxrss / 1024,  # kilobytes on Linux
            "rows": 0,
        }
    )
)
