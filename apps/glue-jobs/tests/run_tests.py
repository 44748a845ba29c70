"""The glue-jobs test target: byte-compile every .py file, then run the unittest suites.

Standard library only. When LAKEHOUSE_TEST_COUNTS names a file, one JSON line with this
project's counts is appended to it (the CI sums the lines of every project).
Exits non-zero on any compile error, failure or error, or when no test ran.
"""

import json
import os
import py_compile
import sys
import tempfile
import unittest

sys.dont_write_bytecode = True  # keep the checkout free of __pycache__ folders

TESTS = os.path.dirname(os.path.abspath(__file__))
PROJECT = os.path.dirname(TESTS)


def python_files():
    for folder, dirs, files in os.walk(PROJECT):
        dirs[:] = sorted(d for d in dirs if d not in ("__pycache__", "node_modules", "dist"))
        yield from (os.path.join(folder, f) for f in sorted(files) if f.endswith(".py"))


def compile_all():
    """py_compile every file (into a temporary folder): the list of errors."""
    errors = []
    files = list(python_files())
    with tempfile.TemporaryDirectory() as tmp:
        for i, path in enumerate(files):
            try:
                py_compile.compile(path, cfile=os.path.join(tmp, f"{i}.pyc"), doraise=True)
            except py_compile.PyCompileError as err:
                errors.append(err.msg)
    return errors, len(files)


def main():
    compile_errors, compiled = compile_all()
    for error in compile_errors:
        print(error, file=sys.stderr)
    print(f"py_compile: {compiled} file(s), {len(compile_errors)} error(s)")

    sys.path.insert(0, TESTS)
    suite = unittest.defaultTestLoader.discover(TESTS, pattern="test_*.py", top_level_dir=TESTS)
    result = unittest.TextTestRunner(stream=sys.stdout, verbosity=2).run(suite)

    # A module that failed to import shows up as one error of a synthetic _FailedTest.
    import_failures = sum(1 for test, _ in result.errors if type(test).__name__ == "_FailedTest")
    failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
    skipped = len(result.skipped)
    passed = result.testsRun - failed - skipped - len(result.expectedFailures)
    suites_failed = import_failures + len(compile_errors)
    print(f"glue-jobs: {passed} passed, {failed} failed, {skipped} skipped")

    counts_file = os.environ.get("LAKEHOUSE_TEST_COUNTS")
    if counts_file:
        os.makedirs(os.path.dirname(os.path.abspath(counts_file)), exist_ok=True)
        line = {"project": "glue-jobs", "passed": passed, "failed": failed, "skipped": skipped, "suitesFailed": suites_failed}
        with open(counts_file, "a", encoding="utf-8") as f:
            f.write(json.dumps(line) + "\n")

    return 0 if failed == 0 and suites_failed == 0 and result.testsRun > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
