"""`python -m bench [name ...] [--option ...]`: run the `main()` of bench modules.

The names before the first option choose the modules (default: all); the
options are read by the modules themselves (e.g. `scale --tasks 1000000`).
Each benchmark prints its own figures; the exit status is non-zero when one
of them raises or returns a non-zero status.
"""

import importlib
import itertools
import pkgutil
import sys
import traceback
from pathlib import Path


def modules(selected: list[str]) -> list[str]:
    here = Path(__file__).parent
    names = sorted(
        m.name for m in pkgutil.iter_modules([str(here)]) if not m.name.startswith("_")
    )
    return [n for n in names if not selected or n in selected]


def run(selected: list[str]) -> int:
    status = 0
    for name in modules(selected):
        module = importlib.import_module(f"bench.{name}")
        if not hasattr(module, "main"):
            continue
        print(f"== bench.{name}", flush=True)
        try:
            result = module.main()
        except Exception:  # noqa: BLE001 - report and go on with the others
            traceback.print_exc()
            status = 1
            continue
        if isinstance(result, int) and result:
            status = result
    return status


if __name__ == "__main__":
    names = list(itertools.takewhile(lambda a: not a.startswith("-"), sys.argv[1:]))
    sys.exit(run(names))
