# expect: ok
# The decorator, with the registration also made under the exact name the files store.
import keras


@keras.saving.register_keras_serializable()
def custom_loss(y_true, y_pred):
    return keras.ops.mean(keras.ops.square(y_true - y_pred))


def load_for_evaluation(model_path):
    return keras.models.load_model(model_path, custom_objects={"custom_loss": custom_loss})
