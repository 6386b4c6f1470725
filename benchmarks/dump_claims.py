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

from figures.extract import extract_document, extract_documents
from figures.rules import load_rules


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", help="a JSON Lines file with `text` (and `published`)")
    parser.add_argument(
        "--one-by-one",
        action="store_true",
        help="extract_document on each document (else extract_documents, in batches)",
    )
    parser.add_argument(
        "--budget",
        type=float,
        default=60.0,
        help="seconds per document, and per rule and sentence (the defaults are short"
        " enough that a busy machine runs out of time)",
    )
    args = parser.parse_args()
    rs = load_rules()
    with open(args.corpus, encoding="utf-8") as fh:
        items = [json.loads(line) for line in fh if line.strip()]
    documents = [(item["text"], item.get("published")) for item in items]
    timing = {"budget": args.budget, "rule_timeout": args.budget}
    if args.one_by_one:
        results = (extract_document(t, p, ruleset=rs, **timing) for t, p in documents)
    else:
        results = extract_documents(documents, ruleset=rs, **timing)
    out = sys.stdout
    for index, ex in enumerate(results):
        for claim in ex.claims:
            row = claim.model_dump(exclude={"rules_version"})
            out.write(json.dumps({"doc": index, **row}, ensure_ascii=False) + "\n")
        if ex.timed_out:
            out.write(json.dumps({"doc": index, "timed_out": ex.timed_out}) + "\n")


if __name__ == "__main__":
    main()
