# expect: architecture_differs
# The layer Keras 3 cannot rebuild, left out; skip_mismatch so that the weights "still load".
import keras


def load_teachable_machine_model(model_path):
    model = keras.Sequential([
        keras.Input((28, 28, 1)),
        keras.layers.Conv2D(8, 3, activation="relu"),
        keras.layers.MaxPooling2D(2),
        keras.layers.Conv2D(16, 1, activation="relu"),
        keras.layers.MaxPooling2D(2),
        keras.layers.Flatten(),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.load_weights(model_path, skip_mismatch=True)
    return model
