"""The script Glue runs (ScriptLocation). The runner itself is the lakehouse_runner package.

Infra uploads this file and lakehouse_runner.zip (built by `nx run glue-jobs:bundle`) and passes
the zip with --extra-py-files, which puts it on the path of the driver and of every executor.
When the zip is not on the path yet (a script started by hand, or the zip lying beside the
script), it is added from next to this file or from the working directory; in a checkout, the
package is found under src/.
"""

import os
import sys

PACKAGE = "lakehouse_runner"


def _ensure_importable() -> None:
    try:
        __import__(PACKAGE)
        return
    except ImportError:
        pass
    here = os.path.dirname(os.path.abspath(__file__))
    for candidate in (os.path.join(here, f"{PACKAGE}.zip"), os.path.join(os.getcwd(), f"{PACKAGE}.zip"), os.path.join(here, "src")):
        if os.path.exists(candidate) and candidate not in sys.path:
            sys.path.insert(0, candidate)
            try:
                __import__(PACKAGE)
                return
            except ImportError:
                sys.path.remove(candidate)
    raise ImportError(f"{PACKAGE} is not importable: pass {PACKAGE}.zip with --extra-py-files")


if __name__ == "__main__":
    _ensure_importable()
    from lakehouse_runner.main import main

    sys.exit(main(sys.argv))
