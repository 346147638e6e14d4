"""Benchmarks: each prints one JSON object, ratios against a floor measured in the same run."""
