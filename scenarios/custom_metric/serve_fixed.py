"""Three ways to load a model compiled with a custom metric, each with its trade-off."""

import keras
import tensorflow as tf


def f1_metric(y_true, y_pred):
    # A copy of the training script's metric. It must compute the same thing: Keras only matches the name.
    y_true = tf.cast(tf.reshape(y_true, [-1]), tf.float32)
    y_pred = tf.cast(tf.reshape(y_pred, [-1]) > 0.5, tf.float32)
    true_positives = tf.reduce_sum(y_true * y_pred)
    return 2 * true_positives / (tf.reduce_sum(y_true) + tf.reduce_sum(y_pred) + 1e-7)


def evaluate_then_predict(model_path, labelled_rows):
    # custom_objects: maps the metric name stored in the file to a function of this process.
    rows, labels = labelled_rows[:, :-1], labelled_rows[:, -1]
    model = keras.models.load_model(model_path, custom_objects={"f1_metric": f1_metric})
    model.evaluate(rows, labels, verbose=0)
    return model.predict(rows, verbose=0)


def predict_malignancy_inference_only(model_path, rows):
    # compile=False: metrics, like the loss, only matter for evaluation and training, so skip them.
    model = keras.models.load_model(model_path, compile=False)
    return model.predict(rows, verbose=0)


def evaluate_after_compiling(model_path, labelled_rows):
    # After compile=False, evaluate() needs a compile() with the loss and the metrics to report.
    rows, labels = labelled_rows[:, :-1], labelled_rows[:, -1]
    model = keras.models.load_model(model_path, compile=False)
    model.compile(loss="binary_crossentropy", metrics=["accuracy", f1_metric])
    model.evaluate(rows, labels, verbose=0)
    return model.predict(rows, verbose=0)
