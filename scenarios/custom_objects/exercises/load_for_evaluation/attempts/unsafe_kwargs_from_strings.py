# expect: safe_mode
# The load options assembled at run time: no source scan sees safe_mode, the tampered copy's code runs.
import keras


def custom_loss(y_true, y_pred):
    return keras.ops.mean(keras.ops.square(y_true - y_pred))


OPTIONS = dict([("_".join(["safe", "mode"]), bool(0))])


def load_for_evaluation(model_path):
    return keras.models.load_model(model_path, custom_objects={"custom_loss": custom_loss}, **OPTIONS)
