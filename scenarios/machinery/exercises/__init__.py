"""The exercise engine: fix a scenario's broken serving code yourself, and have it judged by its
predictions.

The exercises themselves live in the lessons' folders (<lesson>/exercises/<name>/: stub, solution,
check, attempts); catalog.py finds them. `python -m scenarios.exercises start` copies the stubs into
a workspace with the trained model files they need (workspace.py); `check` (checker.py) runs the
learner's function in a sandbox (sandbox.py) that cannot see the answers and kills whatever the
code started, then judges what came back against the original model's predictions (checks.py), so
any correct approach passes and the usual wrong fixes get a message aimed at them.

Importing this package costs nothing: TensorFlow is only imported inside the fresh processes.
"""
