# expect: registered_name
# The loss registered with the decorator, as the Keras guide shows for custom objects.
import keras


@keras.saving.register_keras_serializable()
def custom_loss(y_true, y_pred):
    return keras.ops.mean(keras.ops.square(y_true - y_pred))


def load_for_evaluation(model_path):
    return keras.models.load_model(model_path)
