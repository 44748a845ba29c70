"""Lint for the Glue runner, with the standard library only (no pyflakes on this machine).

1. Every .py file of the project compiles (syntax).
2. The runner's modules import nothing that exists only in Glue (pyspark, awsglue, boto3,
   botocore, py4j) at module level: those imports belong inside the functions that need them,
   so that the package imports and unit-tests anywhere.
3. No unused import.
Exits non-zero and lists every finding.
"""

import ast
import os
import sys

PROJECT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PACKAGE = os.path.join(PROJECT, "src", "lakehouse_runner")
GLUE_ONLY = {"pyspark", "awsglue", "boto3", "botocore", "py4j"}


def python_files(root):
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in ("__pycache__", "node_modules", "dist"))
        for name in sorted(files):
            if name.endswith(".py"):
                yield os.path.join(folder, name)


def imported_names(node):
    if isinstance(node, ast.Import):
        return [(a.asname or a.name.split(".")[0], a.name) for a in node.names]
    if isinstance(node, ast.ImportFrom) and node.module != "__future__":
        return [(a.asname or a.name, f"{node.module}.{a.name}") for a in node.names if a.name != "*"]
    return []


def check(path, tree):
    findings = []
    rel = os.path.relpath(path, PROJECT)
    if path.startswith(PACKAGE + os.sep):
        for node in tree.body:
            for _, full in imported_names(node):
                if full.split(".")[0] in GLUE_ONLY:
                    findings.append(f"{rel}:{node.lineno}: module-level import of {full} (import it inside the function: it exists only in Glue)")
    if os.path.basename(path) != "__init__.py":
        used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
        for node in ast.walk(tree):
            for name, full in imported_names(node):
                if name not in used:
                    findings.append(f"{rel}:{node.lineno}: {full} imported but unused")
    return findings


def main():
    findings = []
    count = 0
    for path in python_files(PROJECT):
        count += 1
        with open(path, encoding="utf-8") as f:
            source = f.read()
        try:
            tree = ast.parse(source, path)
            compile(tree, path, "exec")
        except SyntaxError as err:
            findings.append(f"{os.path.relpath(path, PROJECT)}:{err.lineno}: {err.msg}")
            continue
        findings.extend(check(path, tree))
    for f in findings:
        print(f)
    print(f"glue-jobs lint: {count} file(s), {len(findings)} finding(s)")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
