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
    encountered:". tf.keras 2 puts it after a traceback of its traced function ("in user code:").
    TensorFlow's graph-node dumps are dropped; they never help a reader.
    """
    text = message
    # tf.keras 2 raises from inside a traced function: "in user code:", the frames, then the error.
    if text.lstrip().startswith("in user code:"):
        raised = list(re.finditer(r"^\s*\w+(?:Error|Exception): ", text, re.M))
        text = text[raised[-1].end():] if raised else text
    if text.startswith("Graph execution error:"):  # the op's own words come last, before its node
        lines = [line.strip() for line in text.split("[[{{node", 1)[0].splitlines() if line.strip()]
        text = lines[-1] if lines else text
    if "Exception encountered:" in text:
        text = text.rsplit("Exception encountered:", 1)[1]
    elif text.lstrip().startswith("Exception encountered when calling"):
        text = re.split(r"\n\s*\n", text.lstrip(), maxsplit=1)[-1]
    text = re.split(r"\n\s*\n\s*(?:Call arguments|Arguments) received", text, maxsplit=1)[0]
    text = _NODE_DUMP.sub("", text)
    text = " ".join(text.split())
    return text if limit is None or len(text) <= limit else text[: limit - 1].rstrip() + "…"
