"""Builds what infra uploads for the Glue jobs: dist/apps/glue-jobs/{glue_entry.py, lakehouse_runner.zip}.

The zip holds the package's modules and its data files (vocabulary.json).

The zip is reproducible (sorted entries, fixed timestamps and modes), so an unchanged runner
gives a byte-identical object and infra does not redeploy the jobs for nothing.
"""

import os
import shutil
import sys
import zipfile

PROJECT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROOT = os.path.dirname(os.path.dirname(PROJECT))
SOURCE = os.path.join(PROJECT, "src")
PACKAGE = "lakehouse_runner"


def build(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    target = os.path.join(out_dir, f"{PACKAGE}.zip")
    files = []
    for folder, dirs, names in os.walk(os.path.join(SOURCE, PACKAGE)):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        files += [os.path.join(folder, n) for n in names if n.endswith((".py", ".json"))]
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        for path in sorted(files):
            info = zipfile.ZipInfo(os.path.relpath(path, SOURCE).replace(os.sep, "/"), date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            with open(path, "rb") as f:
                z.writestr(info, f.read())
    shutil.copyfile(os.path.join(PROJECT, "glue_entry.py"), os.path.join(out_dir, "glue_entry.py"))
    return target


if __name__ == "__main__":
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "dist", "apps", "glue-jobs")
    print(f"wrote {build(out)}")
