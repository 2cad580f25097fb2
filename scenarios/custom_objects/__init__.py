"""Custom objects: a model compiled with a custom loss cannot be loaded where the loss is unknown.

The story, in order:

1. train.py compiles the article's regressor with `custom_loss`, a function defined in the training
   script, trains it on the diabetes data and saves it; it also saves the same weights compiled
   with a loss registered in losses.py.
2. serve_broken.py loads the file in a fresh process, where `custom_loss` was never defined.
   `.keras` says so ("Could not locate function 'custom_loss'"); legacy `.h5` on Keras 3.15.1 says
   "string indices must be integers", which never names the loss. Loading with compile=False then
   calling evaluate() is the next trap.
3. serve_fixed.py passes custom_objects, or loads with compile=False for inference, or compiles
   again before evaluating; serve_registered.py imports the registered loss and loads plainly.
   Every fix must reproduce the oracle.
"""

from scenarios.machinery.declare import Case, MatchesOracle, Pasted, Raises, Scenario


SCENARIO = Scenario(
    name="custom_objects",
    title="Custom objects: a custom loss missing at load time",
    summary="load_model() raises because the file names a loss function this process never defined.",
    task="regression",
    train="scenarios.custom_objects.train:train",
    verified_on={"tensorflow": "2.21.0", "keras": "3.15.1"},
    symptoms=(
        "the model cannot be loaded because it was compiled with a custom loss function",
        "load_model fails for a model trained with my own loss, like a dice loss",
    ),
    pasted=(
        Pasted(r"Unknown loss function", "https://github.com/keras-team/keras/issues/5916", "load_without_the_loss"),
        # Keras 1 called the loss an objective.
        Pasted(r"Invalid objective: \w+", "https://github.com/keras-team/keras/issues/3457", "load_without_the_loss"),
    ),
    cases=(
        Case(
            name="load_without_the_loss",
            title="load_model() in a process that never defined custom_loss",
            serve="scenarios.custom_objects.serve_broken:predict_progression",
            expect=Raises(
                "TypeError",
                {
                    "keras": r"Could not locate function 'custom_loss'",
                    # Keras 3.15.1's legacy .h5 loader indexes the stored loss name as if it were a
                    # dict, and fails before it can say which function is missing.
                    "h5": r"string indices must be integers",
                },
                during="load_model",
            ),
            keras2=Raises(
                {"keras": "TypeError", "h5": "ValueError"},
                {"keras": r"Could not locate function 'custom_loss'", "h5": r"Unknown loss function: 'custom_loss'"},
                during="load_model",
            ),
            keras2_why=(
                "It names the missing loss in both formats: the .h5 loader's 'Unknown loss function' "
                "is the message most threads about this quote."
            ),
            why=(
                "A saved model stores a custom function by name only. load_model() compiles the model by "
                "default, so it must turn the name back into a function, and this process has none by "
                "that name. The .keras loader says so; the legacy .h5 loader of Keras 3 trips over the "
                "bare name first and reports 'string indices must be integers', which means the same thing."
            ),
        ),
        Case(
            name="evaluate_after_compile_false",
            title="compile=False, then evaluate()",
            serve="scenarios.custom_objects.serve_broken:evaluate_without_compiling",
            expect=Raises("ValueError", r"You must call `compile\(\)` before using the model", during="evaluate"),
            keras2=Raises("RuntimeError", r"You must compile your model before training/testing", during="evaluate"),
            keras2_why="It is a RuntimeError there, in other words; the cause and the cure are the same.",
            why="compile=False skips the loss entirely, so the model can predict but not evaluate or train.",
        ),
        Case(
            name="custom_objects_argument",
            title="load_model(..., custom_objects={'custom_loss': custom_loss})",
            serve="scenarios.custom_objects.serve_fixed:predict_progression",
            expect=MatchesOracle(),
            why="The serving process supplies a function for the stored name. It must compute the same loss.",
        ),
        Case(
            name="compile_false_for_inference",
            title="load_model(..., compile=False) for prediction only",
            serve="scenarios.custom_objects.serve_fixed:predict_progression_inference_only",
            expect=MatchesOracle(),
            why="Prediction never uses the loss, so a serving process can skip compiling altogether.",
        ),
        Case(
            name="compile_again_before_evaluate",
            title="compile=False, then compile() with the loss before evaluate()",
            serve="scenarios.custom_objects.serve_fixed:evaluate_after_compiling",
            expect=MatchesOracle(),
            why="Evaluation and further training need a loss: compile the loaded model with one.",
        ),
        Case(
            name="registered_loss",
            title="A loss registered with @keras.saving.register_keras_serializable, imported before loading",
            serve="scenarios.custom_objects.serve_registered:predict_progression",
            model="model_registered_loss",
            expect=MatchesOracle(),
            why="The file names the registered function; importing its module is all a loader needs.",
        ),
    ),
)
