"""The vocabularies come from the generated vocabulary.json, never from literals in the runner."""

import json
import os
import unittest

from helpers import SRC, src_on_path

src_on_path()

from lakehouse_runner import vocabulary  # noqa: E402


class VocabularyTest(unittest.TestCase):
    def test_names_every_code_of_the_generated_file(self):
        with open(os.path.join(SRC, "lakehouse_runner", "vocabulary.json"), encoding="utf-8") as f:
            doc = json.load(f)
        codes = [c["code"] for c in doc["rejectCodes"]]
        self.assertEqual(list(vocabulary.REJECT_CODES), codes)
        self.assertEqual([getattr(vocabulary.REJECT, c) for c in codes], codes)
        self.assertEqual([c for c, _ in vocabulary.REASON_COUNT_COLUMNS], [r["code"] for r in doc["rowRejectCodes"]])
        self.assertEqual(vocabulary.FILE_READ_STATUS.MALFORMED_FILE, vocabulary.REJECT.MALFORMED_FILE)

    def test_qualified_codes(self):
        self.assertEqual(vocabulary.reject_code(vocabulary.REJECT.TYPE, "order_id"), "TYPE:order_id")
        self.assertEqual(vocabulary.reject_code(vocabulary.REJECT.DUPLICATE), "DUPLICATE")
        with self.assertRaisesRegex(ValueError, "unknown reject code 'BOGUS'"):
            vocabulary.reject_code("BOGUS", "x")

    def test_an_unknown_name_fails_loudly(self):
        with self.assertRaises(AttributeError):
            vocabulary.REJECT.NOT_A_CODE  # noqa: B018


if __name__ == "__main__":
    unittest.main()
