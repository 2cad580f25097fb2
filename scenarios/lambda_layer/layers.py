"""The scaling step as a layer Keras can save without storing any code: a registered class.

The file records the class's registered name and its config ({"divisor": 16.0}); a loader that
imports this module rebuilds it from those plain values. No bytecode travels, so safe_mode stays on.
"""

import keras


@keras.saving.register_keras_serializable(package="scenarios")
class DivideBy(keras.layers.Layer):
    def __init__(self, divisor, **kwargs):
        super().__init__(**kwargs)
        self.divisor = float(divisor)

    def call(self, inputs):
        return inputs / self.divisor

    def get_config(self):
        return {**super().get_config(), "divisor": self.divisor}
