"""`make bench` and what tests and benchmarks share (Chromium's launch settings, throw-away
repository copies). Nothing in scripts/ imports it but the CLI; it may import everything
else."""
