"""The long profile of the random histories (issue 19): many more examples of
tests/reliability/test_stateful_sync.py than CI runs, each with a fresh random seed.

    nice -n 19 python bench/random_histories.py [EXAMPLES]   (default 2000)

Prints pytest's result and the time taken; a failure prints its minimal history (the steps
to replay as a named regression in test_stateful_sync.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    examples = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    env = {**os.environ, "NKDASH_HISTORIES": str(examples), "PYTHONPATH": str(ROOT)}
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-o", "timeout=0",
         "tests/reliability/test_stateful_sync.py::TestRandomHistories"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    minutes = (time.monotonic() - started) / 60
    verdict = "no failure" if done.returncode == 0 else "FAILED (see the history above)"
    print(f"random histories: {examples} examples, {verdict}, {minutes:.1f} minutes")
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
