"""For the exercise notebooks: start TensorFlow in a Jupyter kernel without its C++ notices.

TensorFlow 2.21 writes oneDNN/CUDA notices straight to file descriptor 2 when it is imported and
when it first touches a device, whatever TF_CPP_MIN_LOG_LEVEL says, and Jupyter shows that
descriptor under the cell. So the first cell of each notebook calls quiet_tensorflow(), which does
both steps once with descriptor 2 pointed at /dev/null, then restores it for the learner's own errors.
"""

import os


def quiet_tensorflow() -> None:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")
    saved, null = os.dup(2), os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 2)
    try:
        import keras

        keras.ops.zeros((1,))  # first device use: the cuInit notice happens here
    finally:
        os.dup2(saved, 2)
        os.close(null)
        os.close(saved)
