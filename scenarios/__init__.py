"""Why a Keras model breaks, or quietly lies, when it is loaded back and asked to predict.

Each subpackage is one scenario: it trains a small model on data that ships with scikit-learn,
saves it, serves it from a fresh process the way real code does, shows the failure, and proves the
fix by matching the original model's predictions. `python -m scenarios` lists them.
"""
