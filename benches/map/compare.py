#!/usr/bin/env python3
"""Checks two JSON-lines files hold the same records, line by line (key order and number
spelling aside). Exits 1 at the first difference, naming it."""
import json
import sys

with open(sys.argv[1]) as a, open(sys.argv[2]) as b:
    for n, (x, y) in enumerate(zip(a, b), start=1):
        left, right = json.loads(x), json.loads(y)
        if left != right:
            diff = {k: (left.get(k), right.get(k)) for k in set(left) | set(right) if left.get(k) != right.get(k)}
            sys.exit(f"line {n} differs: {diff}")
    if next(a, None) is not None or next(b, None) is not None:
        sys.exit("the files have different numbers of lines")
print(f"{n} records equal")
