import unittest

from helpers import src_on_path

src_on_path()

from lakehouse_runner.aws import client_config_kwargs, join_uri, parse_s3_uri  # noqa: E402


class AwsHelpersTest(unittest.TestCase):
    def test_every_client_has_timeouts_and_standard_retries(self):
        for service in ("s3", "dynamodb"):
            kwargs = client_config_kwargs(service)
            self.assertGreater(kwargs["connect_timeout"], 0)
            self.assertGreater(kwargs["read_timeout"], 0)
            self.assertEqual(kwargs["retries"], {"mode": "standard", "max_attempts": 5})
        self.assertLessEqual(client_config_kwargs("dynamodb")["read_timeout"], 10)

    def test_parse_s3_uri(self):
        self.assertEqual(parse_s3_uri("s3://lake-bucket/raw/orders/a b.csv"), ("lake-bucket", "raw/orders/a b.csv"))
        self.assertEqual(parse_s3_uri("s3://lake.bucket/"), ("lake.bucket", ""))
        for bad in ("raw/orders/a.csv", "s3://", "s3://Bucket/x", "https://b/x", None):
            with self.subTest(uri=bad), self.assertRaises(ValueError):
                parse_s3_uri(bad)

    def test_a_key_is_kept_exactly_whatever_it_holds(self):
        for key in ("raw/orders/[ab]*?.csv", "raw/orders/{a,b}.csv", "raw/orders/it's \"q\".csv", "raw/orders/é 🍮.csv",
                    "raw/orders/a.csv\n", "raw/orders/a\nb.csv", "raw/orders/%20+.csv", "raw/orders/back\\slash.csv"):
            with self.subTest(key=key):
                self.assertEqual(parse_s3_uri(f"s3://lake-bucket/{key}"), ("lake-bucket", key))

    def test_join_uri(self):
        self.assertEqual(join_uri("s3://lake/rejected/", "orders", "run-1.jsonl"), "s3://lake/rejected/orders/run-1.jsonl")
        self.assertEqual(join_uri("s3://lake/reports", "run-1", "orders.json"), "s3://lake/reports/run-1/orders.json")


if __name__ == "__main__":
    unittest.main()
