"""Shared fixtures: the package from the source tree, the repository root, and real processes for the scenarios."""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PACKAGE_ROOT = os.path.dirname(HERE)
REPO_ROOT = os.path.dirname(os.path.dirname(PACKAGE_ROOT))

if PACKAGE_ROOT not in sys.path:
    sys.path.insert(0, PACKAGE_ROOT)
for path in (HERE, os.path.join(REPO_ROOT, "bench")):  # bench/benchproc.py: free ports, readiness, /proc figures
    if path not in sys.path:
        sys.path.insert(0, path)
