"""The artifact Glue runs: the zip imports on a bare Python path and glue_entry finds it."""

import os
import subprocess
import sys
import tempfile
import unittest

from helpers import PROJECT

sys.path.insert(0, os.path.join(PROJECT, "tools"))

import bundle  # noqa: E402


class BundleTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)

    def test_zip_is_reproducible_and_complete(self):
        first = bundle.build(os.path.join(self.tmp.name, "a"))
        second = bundle.build(os.path.join(self.tmp.name, "b"))
        with open(first, "rb") as a, open(second, "rb") as b:
            self.assertEqual(a.read(), b.read())
        import zipfile

        names = zipfile.ZipFile(first).namelist()
        self.assertIn("lakehouse_runner/main.py", names)
        self.assertIn("lakehouse_runner/csv_reader.py", names)
        # The generated argument names are data the package reads from inside the zip.
        self.assertIn("lakehouse_runner/job_arguments.json", names)
        self.assertIn("lakehouse_runner/vocabulary.json", names)
        self.assertFalse([n for n in names if "__pycache__" in n or not n.endswith((".py", ".json"))])

    def test_entry_runs_from_the_bundle_alone(self):
        out = os.path.join(self.tmp.name, "dist")
        bundle.build(out)
        # Isolated mode: no PYTHONPATH, no script directory on the path; glue_entry must add the
        # zip lying beside it, import the package and reach the argument check.
        result = subprocess.run(
            [sys.executable, "-I", "-B", os.path.join(out, "glue_entry.py"), "--dataset", "orders"],
            cwd=self.tmp.name,
            capture_output=True,
            text=True,
            timeout=60,
        )
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("ArgumentError: missing job arguments: --plan-s3-uri", result.stderr)


if __name__ == "__main__":
    unittest.main()
