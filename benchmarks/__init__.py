"""Load and scale benchmarks (`make bench`): timings are measured here, never in tests."""
