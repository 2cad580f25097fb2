"""The answer most threads give: a layer class that accepts the argument Keras 3 refuses.

tf.keras 2 wrote `groups: 1` into every DepthwiseConv2D config (it inherits the argument from
Conv2D); Keras 3's DepthwiseConv2D has no such argument. The subclass takes it and drops it, and
custom_objects asks the loader to build every "DepthwiseConv2D" with it instead.
"""

import keras


class DepthwiseConv2DCompat(keras.layers.DepthwiseConv2D):
    def __init__(self, *args, groups=None, **kwargs):
        # groups=1 is what a depthwise convolution does anyway: one filter group per input channel.
        super().__init__(*args, **kwargs)


def predict_digits(model_path, images):
    model = keras.models.load_model(model_path, custom_objects={"DepthwiseConv2D": DepthwiseConv2DCompat})
    return model.predict(images, verbose=0)
