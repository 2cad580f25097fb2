# expect: compiled_without_loss
# Loaded without compiling, then compiled again, but with an optimizer only.
import keras


def load_for_evaluation(model_path):
    model = keras.models.load_model(model_path, compile=False)
    model.compile(optimizer="adam")
    return model
