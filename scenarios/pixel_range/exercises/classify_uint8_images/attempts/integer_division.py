# expect: integer_division
import keras


def classify_uint8_images(model_path, images):
    model = keras.models.load_model(model_path)
    return model.predict(images // 255, verbose=0)
