"""Lambda layer: a model that carries its preprocessing as a Python lambda is refused at load time.

The story, in order:

1. train.py scales raw digit pixels (0 to 16) with `Lambda(lambda x: x / 16.0)` in front of a small
   dense classifier and saves it. It also saves the same weights behind a built-in Rescaling layer
   and behind a registered custom layer, a tampered copy whose lambda also writes a file, and a
   copy whose lambda divides by a module global of train.py.
2. serve_broken.py loads the model in a fresh process: Keras refuses, because a lambda can only be
   saved as bytecode, and running bytecode from a file is running whatever its author wanted. The
   error suggests safe_mode=False; on the tampered copy, that load quietly runs the attacker's code
   while the predictions look perfect. Even the team's own, trusted file fails with safe_mode=False
   when its lambda reads a global of the training script (SCALE): the code comes back, the name
   does not, and the NameError waits for predict() (Keras 3, .keras).
3. serve_fixed.py and serve_registered.py load the versions that store no code. Both must
   reproduce the oracle with safe_mode left on.
"""

from scenarios.machinery.declare import Case, MatchesOracle, Pasted, Raises, RunsCodeFromTheFile, Scenario

SCENARIO = Scenario(
    name="lambda_layer",
    title="Lambda layer: loading refused, and why safe_mode=False is not the fix",
    summary="load_model() refuses a Lambda layer; forcing it with safe_mode=False runs code from the file.",
    task="multiclass",
    train="scenarios.lambda_layer.train:train",
    verified_on={"tensorflow": "2.21.0", "keras": "3.15.1"},
    pasted=(
        # A NameError alone could be any typo: it counts only beside a Lambda or a load_model() call.
        Pasted(r"^(?=[\s\S]*(?:\bLambda\b|\blambda\b|load_model))[\s\S]*NameError\b[\s\S]{0,300}?"
               r"name '\w+' is not defined",
               "https://github.com/krasserm/super-resolution/issues/7", "trusted_file_missing_global"),
        # The lambda's bytecode, stored in the file, read by another Python version.
        Pasted(r"bad marshal data", "https://github.com/calico/ukbb-mri-sseg/issues/16", "lambda_refused"),
    ),
    symptoms=(
        "a model with a Lambda layer cannot be loaded with load_model",
        "load_model gives a NameError for a Lambda layer that uses a global variable or an import",
        "the Lambda layer's function is not found when the saved model is loaded in another script",
    ),
    cases=(
        Case(
            name="lambda_refused",
            title="load_model() on a model with a Lambda layer",
            serve="scenarios.lambda_layer.serve_broken:predict_digits",
            expect=Raises(
                "ValueError",
                r"Requested the deserialization of a `Lambda` layer whose `function` is a Python lambda",
                during="load_model",
            ),
            keras2={
                "keras": Raises(
                    "ValueError", r"Requested the deserialization of a Lambda layer with a Python `lambda` inside it",
                    during="load_model",
                ),
                "h5": MatchesOracle(),
            },
            keras2_why=(
                "The lambda is refused only in a .keras file. The legacy .h5 loader has no safe mode: it "
                "runs the stored bytecode without a word, and the predictions look right. Whoever can write "
                "the file can run code in the serving process."
            ),
            why=(
                "A lambda has no importable name, so Keras saves its compiled bytecode in the file. Loading "
                "it means executing code from the file, and Keras 3 refuses that by default: here the .keras "
                "and the legacy .h5 loader both do."
            ),
        ),
        Case(
            name="safe_mode_off_on_a_tampered_file",
            title="safe_mode=False, as the error suggests, on a tampered copy of the file",
            serve="scenarios.lambda_layer.serve_broken:predict_digits_trusting_the_file",
            model="model_tampered",
            expect=RunsCodeFromTheFile("code-from-the-model-file.txt"),
            keras2=RunsCodeFromTheFile("code-from-the-model-file.txt"),
            why=(
                "safe_mode=False runs whatever bytecode the file holds, during load_model() itself. This copy "
                "only writes a file into the serving directory; it could as well read secrets or open a "
                "connection. Nothing in the predictions gives it away."
            ),
        ),
        Case(
            name="trusted_file_missing_global",
            title="safe_mode=False on the team's own file, whose Lambda reads a global of the training script",
            serve="scenarios.lambda_layer.serve_broken:predict_digits_from_our_own_file",
            model="model_global_scale",
            expect={
                "keras": Raises("NameError", r"name 'SCALE' is not defined", during="predict"),
                # Keras 3 calls the lambda to infer its output shape, swallows the NameError there and
                # leaves the Sequential unbuilt; the .h5 loader then finds no layer with weights to fill.
                "h5": Raises("ValueError", r"Layer count mismatch when loading weights from file\. Model expected 0 "
                             r"layers, found 2 saved layers", during="load_model"),
            },
            keras2=Raises("NameError", r"name 'SCALE' is not defined", during="load_model"),
            keras2_why=(
                "It fails inside load_model() with both formats, with the NameError itself: it calls the lambda "
                "while rebuilding the model, and the missing name shows there."
            ),
            why=(
                "The file stores the lambda's bytecode, and the bytecode reads SCALE by name from the globals "
                "it runs in. Those were the training script's; in the serving process no SCALE exists. Keras 3 "
                "swallows the first NameError while inferring the lambda's output shape, so the .keras file "
                "loads and fails at the first prediction, and the .h5 loader, left with an unbuilt model, "
                "reports layer counts and never the cause."
            ),
        ),
        Case(
            name="builtin_rescaling_layer",
            title="The scaling as keras.layers.Rescaling(1/16)",
            serve="scenarios.lambda_layer.serve_fixed:predict_digits",
            model="model_rescaling",
            expect=MatchesOracle(),
            why="A built-in layer saves as plain configuration (a scale of 0.0625); the loader needs nothing else.",
        ),
        Case(
            name="registered_custom_layer",
            title="The scaling as a registered custom layer, imported before loading",
            serve="scenarios.lambda_layer.serve_registered:predict_digits",
            model="model_registered_layer",
            expect=MatchesOracle(),
            why=(
                "For a step no built-in layer does: a small Layer subclass with get_config(), registered with "
                "@keras.saving.register_keras_serializable. The file stores its name and numbers, never code."
            ),
        ),
    ),
)
