import json
import unittest
from datetime import datetime, timezone

from helpers import src_on_path

src_on_path()

from lakehouse_runner.manifest import ManifestError, parse_manifest  # noqa: E402


def entry(key="raw/orders/a.csv", seq=1, **overrides):
    e = {"bucket": "lake-raw", "key": key, "fileId": f"f-{seq}", "eTag": "abc", "size": 10, "fileSeq": seq}
    e.update(overrides)
    return e


def manifest(**overrides):
    doc = {
        "runId": "run-0123456789abcdef",
        "runStart": "2024-01-15T10:00:00Z",
        "datasets": {
            "orders": [entry(versionId="v1"), entry("raw/orders/b.csv", 2)],
            "products": [],
        },
    }
    doc.update(overrides)
    return json.dumps(doc)


class ManifestTest(unittest.TestCase):
    def test_parses_a_manifest(self):
        m = parse_manifest(manifest())
        self.assertEqual(m.run_id, "run-0123456789abcdef")
        self.assertEqual(m.run_start, datetime(2024, 1, 15, 10, 0, tzinfo=timezone.utc))
        a, b = m.files("orders")
        self.assertEqual((a.uri, a.key, a.file_seq, a.bookmark_id, a.version_id), ("s3://lake-raw/raw/orders/a.csv", "raw/orders/a.csv", 1, "f-1", "v1"))
        self.assertEqual((b.file_seq, b.etag, b.size, b.version_id), (2, "abc", 10, None))
        self.assertEqual((m.files("products"), m.files("order_items")), ((), ()))

    def test_run_start_micros(self):
        self.assertEqual(parse_manifest(manifest(runStart="1970-01-01T00:00:01.5Z")).run_start_micros, 1_500_000)
        self.assertEqual(parse_manifest(manifest(runStart="2024-01-15T10:00:00.123456789Z")).run_start_micros, 1705312800123456)

    def assertRefused(self, text, *fragments):
        with self.assertRaises(ManifestError) as err:
            parse_manifest(text)
        for fragment in fragments:
            self.assertIn(fragment, str(err.exception))

    def test_errors_name_the_field(self):
        self.assertRefused("{", "not valid JSON")
        self.assertRefused("[]", "expected a JSON object")
        self.assertRefused(manifest(runId=""), "runId")
        self.assertRefused(manifest(runId="run 1/2"), "runId", "[A-Za-z0-9_-]")
        self.assertRefused(manifest(runStart="2024-01-15 10:00:00"), "runStart")
        self.assertRefused(manifest(runStart="2024-01-15T10:00:00+00:00"), "runStart", "UTC")
        self.assertRefused(manifest(runStart="2024-02-30T10:00:00Z"), "runStart", "calendar")
        self.assertRefused(manifest(extra=1), "unknown field \"extra\"")
        self.assertRefused(manifest(datasets=[]), "datasets")
        self.assertRefused(manifest(datasets={"orders": {}}), "datasets.orders")
        self.assertRefused(manifest(datasets={"orders": [{"fileSeq": 1}]}), "datasets.orders[0].bucket")
        self.assertRefused(manifest(datasets={"orders": [entry(key="")]}), "datasets.orders[0].key")
        self.assertRefused(manifest(datasets={"orders": [entry(seq=2)]}), "datasets.orders[0].fileSeq", "expected 1")
        self.assertRefused(manifest(datasets={"orders": [entry(fileSeq=True)]}), "fileSeq")
        self.assertRefused(manifest(datasets={"orders": [entry(size=-1)]}), "datasets.orders[0].size")
        self.assertRefused(manifest(datasets={"orders": [entry(fileId=7)]}), "datasets.orders[0].fileId")
        self.assertRefused(manifest(datasets={"orders": [entry(versionId="")]}), "datasets.orders[0].versionId")
        self.assertRefused(manifest(datasets={"orders": [entry(colour="red")]}), "datasets.orders[0]", "unknown field \"colour\"")
        self.assertRefused(manifest(datasets={"orders": [entry(), entry(seq=2)]}), "datasets.orders[1].key", "listed twice")


if __name__ == "__main__":
    unittest.main()
