"""The demo catalog of a small territory, and the synthetic catalog generator for benchmarks."""
