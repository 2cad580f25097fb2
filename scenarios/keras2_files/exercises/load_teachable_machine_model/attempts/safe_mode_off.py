# expect: safe_mode
# "Maybe it is a safety check": switch it off.
import keras


def load_teachable_machine_model(model_path):
    return keras.models.load_model(model_path, safe_mode=False)
