"""Benchmarks printed by ``make bench`` (measurements, not pass/fail tests)."""
