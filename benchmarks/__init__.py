"""Benchmarks: speed and agreement checks of the metrics against reference implementations."""
