# expect: safe_mode
import keras


def load_for_evaluation(model_path):
    return keras.models.load_model(model_path, safe_mode=False)
