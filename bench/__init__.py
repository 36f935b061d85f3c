"""Benchmarks: `make bench` runs the main() of every module here (__main__.py)."""
