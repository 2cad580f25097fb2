# expect: wrong_order
import keras


def predict_digits(model_path, flat_pixels):
    model = keras.models.load_model(model_path)
    images = flat_pixels.reshape(-1, 28, 28).transpose(0, 2, 1)
    return model.predict(images[..., None], verbose=0)
