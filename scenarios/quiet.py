"""Keeping TensorFlow's noise out of what people read.

TensorFlow 2.21 writes oneDNN and CUDA notices from C++ straight to file descriptor 2 at import,
whatever TF_CPP_MIN_LOG_LEVEL says, and Keras puts ANSI bold codes inside exception messages. Child
processes therefore send both their streams to a log file (shown with --verbose), and every message
we display goes through `clean()`.
"""

from __future__ import annotations

import os
import re

ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")


def child_environment() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        TF_CPP_MIN_LOG_LEVEL="3",
        CUDA_VISIBLE_DEVICES="",
        PYTHONHASHSEED="0",
        PYTHONWARNINGS="ignore",
        KERAS_BACKEND="tensorflow",
        # Keeps the message text free of colour codes where Keras honours it.
        NO_COLOR="1",
    )
    return env


def clean(text: str) -> str:
    return ANSI_ESCAPE.sub("", text)
