# expect: safe_mode
# Unsafe deserialization switched on for the whole process, by a name built from strings.
import keras


def custom_loss(y_true, y_pred):
    return keras.ops.mean(keras.ops.square(y_true - y_pred))


def load_for_evaluation(model_path):
    getattr(keras.config, "enable_unsafe_" + "deserialization")()
    return keras.models.load_model(model_path, custom_objects={"custom_loss": custom_loss})
