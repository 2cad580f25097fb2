# expect: ok
# The same network in the functional API: load_weights matches layers by order, not by how they were written.
import keras


def load_teachable_machine_model(model_path):
    images = keras.Input((28, 28, 1))
    x = keras.layers.Conv2D(8, 3, activation="relu")(images)
    x = keras.layers.MaxPooling2D(2)(x)
    x = keras.layers.DepthwiseConv2D(3, activation="relu")(x)
    x = keras.layers.Conv2D(16, 1, activation="relu")(x)
    x = keras.layers.MaxPooling2D(2)(x)
    x = keras.layers.Flatten()(x)
    digits = keras.layers.Dense(10, activation="softmax")(x)
    model = keras.Model(images, digits)
    model.load_weights(model_path)
    return model
