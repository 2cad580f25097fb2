# expect: ok
import keras


def custom_loss(y_true, y_pred):
    return keras.ops.mean(keras.ops.square(y_true - y_pred))


def load_for_evaluation(model_path):
    model = keras.models.load_model(model_path, compile=False)
    model.compile(optimizer="adam", loss=custom_loss)
    return model
