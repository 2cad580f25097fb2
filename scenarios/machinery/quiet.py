"""Keeping TensorFlow's noise out of what people read.

TensorFlow 2.21 writes oneDNN and CUDA notices from C++ straight to file descriptor 2 at import,
whatever TF_CPP_MIN_LOG_LEVEL says, and Keras puts ANSI bold codes inside exception messages. Child
processes therefore send both their streams to a log file (shown with --verbose), and every message
we display goes through `clean()`; `key_message()` cuts a Keras error down to its cause.
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


_NODE_DUMP = re.compile(r" for '\{\{node .*?\}\}[^']*'", re.S)


def key_message(message: str, limit: int | None = 320) -> str:
    """The part of a Keras error that names the cause.

    Keras 3 wraps the cause: "Exception encountered when calling X.call(). <cause> Arguments
    received by ...", and nested deserialization errors put it after the last "Exception
    encountered:". TensorFlow's graph-node dumps are dropped; they never help a reader.
    """
    text = message
    if "Exception encountered:" in text:
        text = text.rsplit("Exception encountered:", 1)[1]
    elif text.startswith("Exception encountered when calling"):
        text = text.split("\n\n", 1)[-1]
    text = text.split("\n\nArguments received", 1)[0]
    text = _NODE_DUMP.sub("", text)
    text = " ".join(text.split())
    return text if limit is None or len(text) <= limit else text[: limit - 1].rstrip() + "…"
