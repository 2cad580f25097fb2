"""Exercises: fix broken serving code yourself, and let a checker judge it by its predictions.

Each exercise is one short serving function with one of the scenarios' bugs in it (a stub under
stubs/, with TODO markers and a docstring of instructions), a reference solution (solutions/) and
metadata, hints and a behavioural check (library/<name>.py). `python -m scenarios.exercises start` copies the stubs into a workspace with the
trained model files they need; `check` runs the learner's function in a fresh process on held-back
data and compares what it returns with the original model's predictions (library/, with checks.py's shared helpers), so any correct
approach passes and the usual wrong fixes get a message aimed at them.

This package is not a scenario: it defines no SCENARIO, so the scenario registry skips it, and
importing it costs nothing (TensorFlow is only imported inside the fresh check processes).
"""
