# expect: ok
# Wrap the loaded model behind a Rescaling layer of our own.
import keras


def classify_uint8_images(model_path, images):
    model = keras.models.load_model(model_path)
    serving = keras.Sequential([keras.Input((8, 8, 1)), keras.layers.Rescaling(1 / 255), model])
    return serving.predict(images, verbose=0)
