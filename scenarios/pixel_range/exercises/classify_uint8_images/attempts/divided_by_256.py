# expect: wrong_constant
# 2**8 levels, so divide by 256: close, but not what training did.
import keras


def classify_uint8_images(model_path, images):
    model = keras.models.load_model(model_path)
    return model.predict(images.astype("float32") / 256.0, verbose=0)
