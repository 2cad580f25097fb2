"""Serving code that loads the model as if it were compiled with Keras parts only."""

import keras


def predict_malignancy(model_path, rows):
    # The file names a metric "f1_metric"; this process has never defined it.
    model = keras.models.load_model(model_path)
    return model.predict(rows, verbose=0)


def evaluate_then_predict(model_path, labelled_rows):
    # A monitoring job: the true label is the last column.
    rows, labels = labelled_rows[:, :-1], labelled_rows[:, -1]
    model = keras.models.load_model(model_path)
    model.evaluate(rows, labels, verbose=0)
    return model.predict(rows, verbose=0)
