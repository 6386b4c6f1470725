"""Dump every claim extracted from a JSON Lines corpus, one JSON line per claim.

For checking that a speed change leaves the output unchanged: dump before and after,
then diff the two files. Each line holds the document's index in the input and every
field of the claim (rules_version left out: it changes with any edit to a pack file);
documents where a rule ran out of time get a line with their `timed_out` rule ids.

Run from the repository root:
  python benchmarks/dump_claims.py ../shared/corpus/dev.jsonl > /tmp/dev.claims.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys

from figures.extract import extract_document
from figures.rules import load_rules


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", help="a JSON Lines file with `text` (and `published`)")
    parser.add_argument(
        "--budget",
        type=float,
        default=60.0,
        help="seconds per document, and per rule and sentence (the defaults are short"
        " enough that a busy machine runs out of time)",
    )
    args = parser.parse_args()
    rs = load_rules()
    out = sys.stdout
    with open(args.corpus, encoding="utf-8") as fh:
        for index, line in enumerate(fh):
            if not line.strip():
                continue
            item = json.loads(line)
            ex = extract_document(
                item["text"],
                item.get("published"),
                ruleset=rs,
                budget=args.budget,
                rule_timeout=args.budget,
            )
            for claim in ex.claims:
                row = claim.model_dump(exclude={"rules_version"})
                out.write(json.dumps({"doc": index, **row}, ensure_ascii=False) + "\n")
            if ex.timed_out:
                out.write(json.dumps({"doc": index, "timed_out": ex.timed_out}) + "\n")


if __name__ == "__main__":
    main()
