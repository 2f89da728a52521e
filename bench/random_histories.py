"""The long profile of the random histories (issue 19): many more examples of
tests/reliability/test_stateful_sync.py than CI runs, with fresh random seeds.

    nice -n 19 python bench/random_histories.py [EXAMPLES] [CHUNK]   (default 2000, 50)

Runs the examples in chunks (one pytest run of CHUNK examples each, a new seed each) and prints
the running total after each, so a run stopped early still says how many passed. Stops at the
first failure, which prints its minimal history (replay it as a named regression in
test_stateful_sync.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEST = "tests/reliability/test_stateful_sync.py::TestRandomHistories"


def main() -> int:
    examples = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    chunk = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    started = time.monotonic()
    done = 0
    while done < examples:
        n = min(chunk, examples - done)
        env = {**os.environ, "NKDASH_HISTORIES": str(n), "PYTHONPATH": str(ROOT)}
        result = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-o", "timeout=0",
             TEST],
            cwd=ROOT, env=env,
        )  # fmt: skip
        minutes = (time.monotonic() - started) / 60
        if result.returncode != 0:
            print(f"random histories: FAILED after {done} passing examples ({minutes:.1f} min)")
            return result.returncode
        done += n
        print(f"random histories: {done} examples, 0 failures, {minutes:.1f} min", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
