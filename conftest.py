# Root conftest: doctests run over the packages; the module entry point is not importable safely.
collect_ignore = ["syndata/__main__.py", "benchmarks", "build", "dist"]
