"""Benchmark scripts that print figures (not tests): python -m lingong.bench.<name>."""
