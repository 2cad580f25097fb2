# expect: ok
# The forum shim where it works (.h5), the weights into a rebuilt network where it does not (.keras).
import keras


class DepthwiseConv2DCompat(keras.layers.DepthwiseConv2D):
    def __init__(self, *args, groups=None, **kwargs):
        super().__init__(*args, **kwargs)


def load_teachable_machine_model(model_path):
    if model_path.endswith(".h5"):
        return keras.models.load_model(model_path, custom_objects={"DepthwiseConv2D": DepthwiseConv2DCompat})
    model = keras.Sequential([
        keras.Input((28, 28, 1)),
        keras.layers.Conv2D(8, 3, activation="relu"),
        keras.layers.MaxPooling2D(2),
        keras.layers.DepthwiseConv2D(3, activation="relu"),
        keras.layers.Conv2D(16, 1, activation="relu"),
        keras.layers.MaxPooling2D(2),
        keras.layers.Flatten(),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.load_weights(model_path)
    return model
