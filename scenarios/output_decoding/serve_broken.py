"""Serving code that turns the model's output into class labels the way old tutorials did."""

import keras
import numpy as np


def classify_tumours(model_path, rows):
    # Sequential.predict_classes() did this until TensorFlow 2.6; it is gone from both generations.
    model = keras.models.load_model(model_path)
    return model.predict_classes(rows)


def classify_tumours_with_argmax(model_path, rows):
    # The replacement most answers give: argmax over the classes axis. Right for a softmax head;
    # this model's output is (n, 1), one sigmoid probability, and argmax over one column is always 0.
    model = keras.models.load_model(model_path)
    return np.argmax(model.predict(rows, verbose=0), axis=1)
