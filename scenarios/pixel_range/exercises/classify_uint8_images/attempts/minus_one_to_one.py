# expect: wrong_constant
# The -1..1 scaling that MobileNet-style networks want, copied from another project.
import keras


def classify_uint8_images(model_path, images):
    model = keras.models.load_model(model_path)
    return model.predict(images.astype("float32") / 127.5 - 1.0, verbose=0)
