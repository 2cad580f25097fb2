"""Serving code that feeds each input by its name, so the order cannot go wrong."""

import keras

MEAN, WORST = slice(0, 10), slice(20, 30)
# The blocks of the request by the names the training script gave its keras.Input layers.
BLOCKS = {"mean_measurements": MEAN, "worst_measurements": WORST}


def score_patients(model_path, rows):
    model = keras.models.load_model(model_path)
    # A dict keyed by the Input names: Keras routes each array to its input, whatever their order.
    return model.predict({name: rows[:, columns] for name, columns in BLOCKS.items()}, verbose=0)


def score_patients_in_the_models_order(model_path, rows):
    model = keras.models.load_model(model_path)
    # The order comes from the model itself, and a name this code does not know is an error, not a guess.
    names = [tensor.name for tensor in model.inputs]
    unknown = sorted(set(names) - set(BLOCKS))
    if unknown:
        raise ValueError(f"model inputs {names}; no columns known for {unknown}")
    return model.predict([rows[:, BLOCKS[name]] for name in names], verbose=0)
