#!/usr/bin/env python3
"""Counts GoogleTest cases in a Bazel test-log tree: prints "N passed, M failed".

Usage: count_results.py <bazel-testlogs> <bazel exit code>

Every test.xml under the tree contributes its test cases. If Bazel failed but
no case failed (a target did not build, or a test binary crashed before
writing its XML), one failure is counted so that the line never hides it.
"""
import os
import sys
import xml.etree.ElementTree as ET


def main():
    root, rc = sys.argv[1], int(sys.argv[2])
    passed = failed = 0
    for dirpath, _, files in os.walk(root, followlinks=True):
        if "test.xml" not in files:
            continue
        try:
            tree = ET.parse(os.path.join(dirpath, "test.xml"))
        except ET.ParseError:
            failed += 1
            continue
        for case in tree.iter("testcase"):
            if case.get("status", "run") != "run":
                continue  # disabled or not run
            if case.find("failure") is not None or case.find("error") is not None:
                failed += 1
            else:
                passed += 1
    if rc not in (0, 4) and failed == 0:
        failed = 1
    print(f"{passed} passed, {failed} failed")


if __name__ == "__main__":
    main()
