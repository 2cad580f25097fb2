# expect: compile_false
# Inference only, so skip compiling: the usual cure for load errors.
import keras


def load_teachable_machine_model(model_path):
    return keras.models.load_model(model_path, compile=False)
