"""Serving code that feeds a two-input model by position, or by names it guessed."""

import keras

# The request's columns, in scikit-learn's order: 10 means, 10 standard errors, 10 worst values.
MEAN, WORST = slice(0, 10), slice(20, 30)


def score_patients(model_path, rows):
    model = keras.models.load_model(model_path)
    # Left to right through the columns. A list is matched to the inputs by position only, and the
    # model's first input is the worst-case block: both blocks are 10 wide, so nothing complains.
    return model.predict([rows[:, MEAN], rows[:, WORST]], verbose=0)


def score_patients_with_guessed_names(model_path, rows):
    model = keras.models.load_model(model_path)
    # A dict is matched by name, but these are not the names the model's inputs were given.
    return model.predict({"mean": rows[:, MEAN], "worst": rows[:, WORST]}, verbose=0)
