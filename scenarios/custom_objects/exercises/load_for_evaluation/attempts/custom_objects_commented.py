# expect: ok
"""Load with the training loss supplied by name.

Note to self: do not add safe_mode=False, and no keras.config.enable_unsafe_deserialization():
the loss is stored by name, not as code.
"""
import keras


def custom_loss(y_true, y_pred):
    return keras.ops.mean(keras.ops.square(y_true - y_pred))


def load_for_evaluation(model_path):
    # do not add safe_mode=False: it is about lambdas, not losses
    return keras.models.load_model(model_path, custom_objects={"custom_loss": custom_loss})
