# expect: broadcast_loss
# y_pred squeezed "to match" the labels: but Keras already hands y_true as (n, 1).
import keras


def custom_loss(y_true, y_pred):
    return keras.ops.mean(keras.ops.square(y_true - keras.ops.squeeze(y_pred)))


def load_for_evaluation(model_path):
    return keras.models.load_model(model_path, custom_objects={"custom_loss": custom_loss})
