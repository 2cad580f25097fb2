# expect: raised
# The answer to "4 channels, model wants 3" that everyone finds: slice off the alpha. For every request.
import keras


def classify_png(model_path, images):
    model = keras.models.load_model(model_path)
    return model.predict(images[..., :3], verbose=0)
