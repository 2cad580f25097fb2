# expect: softmax_twice
# A softmax "to get probabilities", on what predict() already returns as probabilities.
import keras


def predict_digits(model_path, flat_pixels):
    model = keras.models.load_model(model_path)
    scores = model.predict(flat_pixels.reshape(-1, 28, 28, 1), verbose=0)
    return keras.ops.convert_to_numpy(keras.ops.softmax(scores))
