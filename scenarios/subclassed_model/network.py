"""The digit network as a keras.Model subclass that a loader can rebuild: registered, with a config.

The saved file records the registered name ("scenarios>DigitNet") and get_config()'s plain values;
a process that imports this module gets the class back from them. Nothing else is needed for a
.keras file. (The legacy .h5 format cannot rebuild a subclassed model at all: see serve_broken.py.)
"""

import keras


@keras.saving.register_keras_serializable(package="scenarios")
class DigitNet(keras.Model):
    def __init__(self, hidden_units=32, classes=10, **kwargs):
        super().__init__(**kwargs)
        self.hidden_units, self.classes = hidden_units, classes
        self.hidden = keras.layers.Dense(hidden_units, activation="relu")
        self.scores = keras.layers.Dense(classes, activation="softmax")

    def call(self, pixels):
        # Raw digit pixels run from 0 to 16.
        return self.scores(self.hidden(pixels / 16.0))

    def get_config(self):
        # Every constructor argument, as plain values: what from_config() gets back at load time.
        return {**super().get_config(), "hidden_units": self.hidden_units, "classes": self.classes}

    @classmethod
    def from_config(cls, config):
        return cls(**config)
