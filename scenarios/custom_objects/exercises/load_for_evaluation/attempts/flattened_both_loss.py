# expect: ok
# Both sides flattened to (n,): the same pairs, the same mean.
import keras


def custom_loss(y_true, y_pred):
    y_true, y_pred = keras.ops.reshape(y_true, (-1,)), keras.ops.reshape(y_pred, (-1,))
    return keras.ops.mean(keras.ops.square(y_true - y_pred))


def load_for_evaluation(model_path):
    return keras.models.load_model(model_path, custom_objects={"custom_loss": custom_loss})
