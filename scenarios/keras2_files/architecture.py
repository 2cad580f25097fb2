"""The two networks as code: what the training team built, and what a server can build again.

A saved file holds each layer's configuration (its constructor arguments) and its weights. The
configuration is written in the words of the Keras that saved it; the weights are arrays. Code like
this builds the same layers with whatever Keras imports it, so it is how a file's weights reach a
Keras that cannot read its configuration. `keras` is the serving process's generation (in the
training subprocess, tf.keras 2: see written_by_tf_keras2.py).
"""

import keras

IMAGE_SHAPE = (28, 28, 1)
# A digit as the 64 raw pixel values (0 to 16) of scikit-learn's 8×8 image.
ROW_LENGTH = 64
# A digit image read as a sequence: 8 time steps, one row of 8 pixels each.
SEQUENCE_SHAPE = (8, 8)


def depthwise_net() -> keras.Model:
    """A small MobileNet-style classifier, as Teachable Machine exports use: a depthwise
    convolution (one 3×3 filter per channel) followed by a 1×1 pointwise one."""
    return keras.Sequential(
        [
            keras.Input(IMAGE_SHAPE),
            keras.layers.Conv2D(8, 3, activation="relu"),
            keras.layers.MaxPooling2D(2),
            keras.layers.DepthwiseConv2D(3, activation="relu"),
            keras.layers.Conv2D(16, 1, activation="relu"),
            keras.layers.MaxPooling2D(2),
            keras.layers.Flatten(),
            keras.layers.Dense(10, activation="softmax"),
        ],
        name="depthwise_net",
    )


def gru_net() -> keras.Model:
    """A recurrent classifier that reads a digit one row of pixels at a time."""
    return keras.Sequential(
        [keras.Input(SEQUENCE_SHAPE), keras.layers.GRU(24), keras.layers.Dense(10, activation="softmax")],
        name="gru_net",
    )


def scaled_rows_net() -> keras.Model:
    """A dense classifier that scales its raw pixel rows itself, with plain arithmetic on the input
    (x / 16 - 0.5), as much tf.keras 2 code did: tf.keras 2 records each operation as a TFOpLambda
    layer, Keras 3 as an operation of the graph. Neither holds weights."""
    pixels = keras.Input((ROW_LENGTH,))
    scaled = pixels / 16.0 - 0.5
    hidden = keras.layers.Dense(32, activation="relu")(scaled)
    return keras.Model(pixels, keras.layers.Dense(10, activation="softmax")(hidden), name="scaled_rows_net")
