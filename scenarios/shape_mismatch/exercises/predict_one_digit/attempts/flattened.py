# expect: raised
# A batch of one made by flattening the image into a single row.
import keras


def predict_one_digit(model_path, image):
    model = keras.models.load_model(model_path)
    return model.predict(image.reshape(1, -1), verbose=0)[0]
