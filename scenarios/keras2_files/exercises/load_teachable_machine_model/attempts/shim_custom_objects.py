# expect: shim_ignored
# The answer from the forums: a DepthwiseConv2D that accepts groups, passed in custom_objects.
import keras


class DepthwiseConv2DCompat(keras.layers.DepthwiseConv2D):
    def __init__(self, *args, groups=None, **kwargs):
        super().__init__(*args, **kwargs)


def load_teachable_machine_model(model_path):
    return keras.models.load_model(model_path, custom_objects={"DepthwiseConv2D": DepthwiseConv2DCompat})
