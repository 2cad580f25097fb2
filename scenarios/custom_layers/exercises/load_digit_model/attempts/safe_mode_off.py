# expect: safe_mode
# What many threads suggest for any load error.
import keras


def load_digit_model(model_path):
    return keras.models.load_model(model_path, safe_mode=False)
