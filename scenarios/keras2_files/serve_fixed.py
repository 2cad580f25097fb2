"""Serving code that takes only the weights from a file the other Keras generation wrote.

A layer's configuration is written in the words of the Keras that saved it, and the other
generation may not accept them. Weights are arrays in either: build the architecture from code
(scenarios/keras2_files/architecture.py) with the serving process's Keras, and load the weights.
"""

from pathlib import Path

import keras

from scenarios.keras2_files.architecture import depthwise_net, gru_net, scaled_rows_net


def predict_digits(model_path, images):
    model = depthwise_net()
    model.load_weights(model_path)  # reads the weights from the whole-model file, ignores its config
    return model.predict(images, verbose=0)


def predict_digit_sequences(model_path, sequences):
    model = gru_net()
    model.load_weights(model_path)
    return model.predict(sequences, verbose=0)


def predict_digit_rows(model_path, rows):
    # The same arithmetic written in this process's Keras: no TFOpLambda to look up, and the two Dense
    # layers' weights read from the file.
    model = scaled_rows_net()
    model.load_weights(model_path)
    return model.predict(rows, verbose=0)


def predict_digits_from_migrated_weights(model_path, images):
    # The weights tf.keras 2 re-saved beside the model, <workdir>/model.weights.h5: the same file
    # whichever whole-model format (model.keras or model.h5) this run serves.
    weights = Path(model_path).with_suffix(".weights.h5")
    model = depthwise_net()
    model.load_weights(weights)
    return model.predict(images, verbose=0)


def predict_digits_upgraded(model_path, images):
    # A file Keras 3 saved itself: nothing to translate.
    model = keras.models.load_model(model_path)
    return model.predict(images, verbose=0)
