# expect: compile_false
import keras


def load_digit_model(model_path):
    return keras.models.load_model(model_path, compile=False)
