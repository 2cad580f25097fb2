"""What a scenario declares: its cases and the outcome each one must have.

Declarations are plain data so that the CLI, the tests, the docs build and the exercises all judge a
run by the same rules. Nothing here imports TensorFlow: a scenario can be listed and described
without paying for the import.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Raises:
    """The case must raise `exception` (a class name) with a message matching `pattern` (a regex), on
    the serving line that calls `during` (for example "load_model" or "predict"). Either may be a
    dict by file format, when the formats fail differently."""

    exception: str | dict
    pattern: str | dict
    during: str

    @staticmethod
    def _for(value, fmt: str | None) -> str:
        if isinstance(value, dict):
            return value[fmt] if fmt else "|".join(dict.fromkeys(value.values()))
        return value

    def exception_for(self, fmt: str | None) -> str:
        return self._for(self.exception, fmt)

    def pattern_for(self, fmt: str | None) -> str:
        return self._for(self.pattern, fmt)

    def describe(self, fmt: str | None = None) -> str:
        return f"{self.exception_for(fmt)} from {self.during}() matching /{self.pattern_for(fmt)}/"


@dataclass(frozen=True)
class AccuracyBelowBaseline:
    """A silent failure: nothing raises, but accuracy falls under the majority-class baseline."""

    def describe(self, fmt: str | None = None) -> str:
        return "no error, and accuracy below the majority-class baseline"


@dataclass(frozen=True)
class DriftsFromOracle:
    """A silent failure: nothing raises, but some prediction moves at least `by` away from the
    original model's."""

    by: float

    def describe(self, fmt: str | None = None) -> str:
        return f"no error, and some prediction at least {self.by} away from the original model's"


# What a tampered model file's stored code writes when it runs (scenarios.machinery.models): into
# $SCENARIOS_EVIDENCE_DIR, where the exercise sandbox lets code create files but not remove them,
# else the working directory.
EVIDENCE = "code-from-the-model-file.txt"


@dataclass(frozen=True)
class RunsCodeFromTheFile:
    """The unsafe route: loading succeeds, and code stored in the model file runs in the serving
    process, proved by the file `evidence` that the code writes into the serving directory."""

    evidence: str

    def describe(self, fmt: str | None = None) -> str:
        return f"no error, and code from the model file ran: it wrote {self.evidence}"


@dataclass(frozen=True)
class MatchesOracle:
    """A fix: predictions equal the original (in-memory) model's within np.allclose tolerances."""

    rtol: float = 1e-5
    atol: float = 1e-6

    def describe(self, fmt: str | None = None) -> str:
        return f"predictions np.allclose to the original model's (rtol={self.rtol}, atol={self.atol})"


@dataclass(frozen=True)
class NotApplicable:
    """The case does not exist on this Keras generation (say, an API it lacks); `why` says so. A
    report shows it as not applicable, never as passed."""

    why: str

    def describe(self, fmt: str | None = None) -> str:
        return f"not applicable: {self.why}"


Expectation = Raises | AccuracyBelowBaseline | DriftsFromOracle | RunsCodeFromTheFile | MatchesOracle | NotApplicable


def _by_format(expectation, fmt: str | None):
    """An expectation, or a dict of them by file format (the first when no format is named)."""
    if isinstance(expectation, dict):
        return expectation[fmt] if fmt else next(iter(expectation.values()))
    return expectation


@dataclass(frozen=True)
class Case:
    """One serving attempt, run in a fresh process against the saved model.

    `serve` names a function "module:function" called as function(model_path, request) and returning
    predictions. `request` names the array in the probe file that the caller sends; `model` names the
    saved file (without extension) it loads. With `batch_size`, the request arrives in chunks of that
    many rows, one call each, as it would reach a service.
    """

    name: str
    title: str
    serve: str
    # What the case must do on Keras 3: one expectation, or a dict of them by file format.
    expect: Expectation | dict
    why: str
    request: str = "request"
    model: str = "model"
    batch_size: int | None = None
    # The outcome on tf.keras 2: another exception or message, a load that succeeds, NotApplicable,
    # or a dict of these by file format when the formats differ. A fix left at None must match there
    # too; a broken case always says (a test holds it to that).
    keras2: Expectation | dict | None = None
    # What the Keras 2 outcome means for the reader, when it differs.
    keras2_why: str = ""

    @property
    def broken(self) -> bool:
        return not isinstance(_by_format(self.expect, None), MatchesOracle)

    def expect_on(self, generation: str, fmt: str | None = None) -> Expectation:
        """What this case must do on `generation` ("3" or "2") with file format `fmt`."""
        if generation != "2" or self.keras2 is None:
            return _by_format(self.expect, fmt)
        return _by_format(self.keras2, fmt)

    def applies_on(self, generation: str, fmt: str | None = None) -> bool:
        return not isinstance(self.expect_on(generation, fmt), NotApplicable)


@dataclass(frozen=True)
class Pasted:
    """An error wording seen in a public thread (`source`), for a case of this scenario."""

    pattern: str
    source: str
    case: str | None = None


@dataclass(frozen=True)
class Scenario:
    """A saved model, the ways serving it goes wrong, and the fixes.

    `train` names "module:function", called as function(workdir) in a fresh process; it saves the
    model in every format, the probe requests and the oracle (see scenarios.machinery.artifacts). `task` picks
    the quality measure: "multiclass", "binary" or "regression".
    """

    name: str
    title: str
    summary: str
    task: str
    train: str
    cases: tuple[Case, ...]
    # The versions on which the declared failures were observed; the report names the installed ones.
    verified_on: dict = field(default_factory=dict)
    # How people describe the silent failure in their own words, for `python -m scenarios.explain`.
    symptoms: tuple[str, ...] = ()
    # Wordings of this failure that people paste from releases older than any installed here, each a
    # regex with the public thread it was taken from: never shown as the output of a run.
    pasted: tuple["Pasted", ...] = ()

    def case(self, name: str) -> Case:
        for case in self.cases:
            if case.name == name:
                return case
        raise KeyError(name)

    @property
    def broken_cases(self) -> tuple[Case, ...]:
        return tuple(c for c in self.cases if c.broken)

    @property
    def fixes(self) -> tuple[Case, ...]:
        return tuple(c for c in self.cases if not c.broken)
