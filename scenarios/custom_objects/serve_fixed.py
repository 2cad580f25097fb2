"""Three ways to load a model whose loss is a custom function, each with its trade-off."""

import keras
import tensorflow as tf


def custom_loss(y_true, y_pred):
    # A copy of the training script's loss. It must compute the same thing: Keras only matches the name.
    # TensorFlow ops, as training wrote it: the same code on Keras 3 and on tf.keras 2 (which has no keras.ops).
    return tf.reduce_mean(tf.square(y_true - y_pred))


def predict_progression(model_path, rows):
    # custom_objects: maps the name stored in the file to a function of this process.
    model = keras.models.load_model(model_path, custom_objects={"custom_loss": custom_loss})
    return model.predict(rows, verbose=0)


def predict_progression_inference_only(model_path, rows):
    # compile=False: the loss is only needed for training and evaluation, so skip it for serving.
    model = keras.models.load_model(model_path, compile=False)
    return model.predict(rows, verbose=0)


def evaluate_after_compiling(model_path, rows):
    # After compile=False, evaluate() and fit() need a compile() with the loss this process defines.
    model = keras.models.load_model(model_path, compile=False)
    model.compile(optimizer="adam", loss=custom_loss)
    predictions = model.predict(rows, verbose=0)
    model.evaluate(rows, predictions, verbose=0)
    return predictions
