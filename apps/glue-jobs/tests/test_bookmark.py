import unittest

from helpers import src_on_path

src_on_path()

from lakehouse_runner.bookmark import (  # noqa: E402
    Bookmark,
    StaleBookmarkError,
    commit_request,
    from_item,
    get_request,
)


class RequestTest(unittest.TestCase):
    def test_get_is_strongly_consistent(self):
        self.assertEqual(
            get_request("lakehouse-control", "orders"),
            {"TableName": "lakehouse-control", "Key": {"pk": {"S": "BOOKMARK#orders"}}, "ConsistentRead": True},
        )

    def test_first_commit_requires_no_item(self):
        request = commit_request("lakehouse-control", "orders", 0, "run-1", ["f-a", "f-b"], 1_700_000_000_000)
        self.assertEqual(
            request,
            {
                "TableName": "lakehouse-control",
                "Key": {"pk": {"S": "BOOKMARK#orders"}},
                "UpdateExpression": "SET #job = :job, #version = :next, #lastRunId = :run, #files = :files, #committedAt = :now"
                " REMOVE #watermark ADD #totalFiles :count",
                "ConditionExpression": "attribute_not_exists(pk)",
                "ExpressionAttributeNames": {
                    "#job": "job",
                    "#version": "version",
                    "#lastRunId": "lastRunId",
                    "#files": "files",
                    "#committedAt": "committedAt",
                    "#watermark": "watermark",
                    "#totalFiles": "totalFiles",
                },
                "ExpressionAttributeValues": {
                    ":job": {"S": "orders"},
                    ":next": {"N": "1"},
                    ":run": {"S": "run-1"},
                    ":files": {"L": [{"S": "f-a"}, {"S": "f-b"}]},
                    ":count": {"N": "2"},
                    ":now": {"N": "1700000000000"},
                },
                "ReturnValues": "ALL_NEW",
            },
        )

    def test_later_commit_is_conditioned_on_the_version_read(self):
        request = commit_request("t", "orders", 7, "run-8", [], 5, watermark=42)
        self.assertEqual(request["ConditionExpression"], "#version = :expected")
        values = request["ExpressionAttributeValues"]
        self.assertEqual((values[":expected"], values[":next"], values[":files"], values[":count"]), ({"N": "7"}, {"N": "8"}, {"L": []}, {"N": "0"}))
        self.assertEqual(values[":watermark"], {"N": "42"})
        self.assertIn(", #watermark = :watermark ADD #totalFiles :count", request["UpdateExpression"])
        self.assertNotIn("REMOVE", request["UpdateExpression"])
        self.assertEqual(commit_request("t", "j", 1, "r", [], 5, watermark="2024-01-15")["ExpressionAttributeValues"][":watermark"], {"S": "2024-01-15"})

    def test_every_name_and_value_is_used(self):
        # DynamoDB refuses unused ExpressionAttributeNames/Values.
        for kwargs in ({}, {"watermark": "w"}):
            for version in (0, 3):
                request = commit_request("t", "j", version, "r", ["f"], 1, **kwargs)
                text = request["UpdateExpression"] + " " + request["ConditionExpression"]
                for placeholder in list(request["ExpressionAttributeNames"]) + list(request["ExpressionAttributeValues"]):
                    self.assertIn(placeholder, text.replace(",", " ").split(), (version, kwargs, placeholder))

    def test_watermark_type(self):
        with self.assertRaises(TypeError):
            commit_request("t", "j", 0, "r", [], 1, watermark=True)


class ItemTest(unittest.TestCase):
    def test_absent_item_is_version_zero(self):
        self.assertEqual(from_item("orders", None), Bookmark(job="orders"))

    def test_item_as_written_by_libs_state(self):
        item = {
            "pk": {"S": "BOOKMARK#orders"},
            "job": {"S": "orders"},
            "version": {"N": "3"},
            "lastRunId": {"S": "run-3"},
            "files": {"L": [{"S": "f-a"}]},
            "totalFiles": {"N": "9"},
            "committedAt": {"N": "1700000000000"},
            "watermark": {"N": "12.5"},
        }
        self.assertEqual(from_item("orders", item), Bookmark("orders", 3, "run-3", ("f-a",), 9, 12.5, 1700000000000))

    def test_stale_error_message_matches_libs_state(self):
        err = StaleBookmarkError("orders", 3, 5)
        self.assertEqual(str(err), "bookmark of job orders: commit based on version 3 refused, current version is 5")
        self.assertEqual(err.code, "STALE_BOOKMARK")


if __name__ == "__main__":
    unittest.main()
