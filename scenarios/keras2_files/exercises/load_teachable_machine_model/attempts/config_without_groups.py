# expect: ok
# Read the stored configuration, drop the argument Keras 3 refuses, rebuild from it, then load the weights.
import json
import zipfile

import h5py
import keras


def stored_config(model_path):
    if model_path.endswith(".keras"):
        with zipfile.ZipFile(model_path) as archive:
            return json.loads(archive.read("config.json"))
    with h5py.File(model_path, "r") as h5:
        return json.loads(h5.attrs["model_config"])


def load_teachable_machine_model(model_path):
    config = stored_config(model_path)
    for layer in config["config"]["layers"]:
        if layer["class_name"] == "DepthwiseConv2D":
            layer["config"].pop("groups", None)
    model = keras.Sequential.from_config(config["config"])
    model.load_weights(model_path)
    return model
