"""Baselines, training, evaluation and speed benchmarks of syndata (imports metrics and syndata)."""
