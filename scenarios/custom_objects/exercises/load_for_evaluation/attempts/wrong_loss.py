# expect: wrong_loss
import keras


def custom_loss(y_true, y_pred):
    # Looks plausible, computes something else: the mean absolute error.
    return keras.ops.mean(keras.ops.abs(y_true - y_pred))


def load_for_evaluation(model_path):
    return keras.models.load_model(model_path, custom_objects={"custom_loss": custom_loss})
