"""Multi-input order: a two-input model fed a list in the wrong order answers without an error.

The story, in order:

1. train.py builds a functional model with two inputs of ten measurements each, the worst-case
   block (`worst_measurements`) first and the average block (`mean_measurements`) second, trains
   it on the breast-cancer data and saves it with the oracle.
2. serve_broken.py sends a list in the order the columns come in the data: averages first. Both
   blocks are ten wide, so Keras accepts them and every patient gets a different score. Its
   neighbour sends a dict with guessed names, which at least raises.
3. serve_fixed.py sends a dict keyed by the Input names, or builds the list in the order the
   model's own inputs give. Both must reproduce the oracle.
"""

from scenarios.machinery.declare import Case, DriftsFromOracle, MatchesOracle, Raises, Scenario

SCENARIO = Scenario(
    name="multi_input_order",
    title="Multi-input order: two inputs swapped without an error",
    summary="A list feeds a multi-input model by position: swapped inputs of equal width give other answers, silently.",
    task="binary",
    train="scenarios.multi_input_order.train:train",
    verified_on={"tensorflow": "2.21.0", "keras": "3.15.1", "scikit-learn": "1.9.1"},
    symptoms=(
        "some of my outputs are swapped with a multi input model",
        "multi-input model gives different predictions after loading, no error",
        "predictions change when I pass the inputs of a two-input model as a list",
        'converting the dictionary of inputs to a list changes the order of the inputs, results completely different',
        'inputs mapped to the wrong input layers by position instead of by name, silently',
        'the input tensors are not mapped to the model input layers by name when the inputs are not in order',
        'the saved model changes the order of its inputs',
    ),
    cases=(
        Case(
            name="list_in_the_wrong_order",
            title="A list in the order (mean, worst) for a model whose inputs are (worst, mean)",
            serve="scenarios.multi_input_order.serve_broken:score_patients",
            expect=DriftsFromOracle(by=0.25),
            keras2=DriftsFromOracle(by=0.25),
            why=(
                "A list is matched to a model's inputs by position alone. Both blocks have ten columns, so "
                "the shapes fit either way round, and each block is standardized with the other's statistics."
            ),
        ),
        Case(
            name="dict_with_wrong_keys",
            title="A dict whose keys are not the model's input names",
            serve="scenarios.multi_input_order.serve_broken:score_patients_with_guessed_names",
            expect=Raises("ValueError", r'Missing data for input "worst_measurements"\. You passed a data '
                          r"dictionary with keys \['mean', 'worst'\]", during="predict"),
            keras2=Raises("ValueError", r'Missing data for input "worst_measurements"\. You passed a data '
                          r"dictionary with keys \['mean', 'worst'\]", during="predict"),
            why=(
                "A dict is matched by input name, and a name the model does not have is refused: the message "
                "lists the keys it expected. This mistake is loud; the list above is the silent one."
            ),
        ),
        Case(
            name="dict_keyed_by_input_names",
            title="A dict keyed by the names given to keras.Input",
            serve="scenarios.multi_input_order.serve_fixed:score_patients",
            expect=MatchesOracle(),
            why="Each array goes to the input of that name, whatever order the dict or the model lists them in.",
        ),
        Case(
            name="list_in_the_models_order",
            title="A list built in the order of the loaded model's own inputs",
            serve="scenarios.multi_input_order.serve_fixed:score_patients_in_the_models_order",
            expect=MatchesOracle(),
            why=(
                "The loaded model names its inputs in order; building the list from those names keeps a "
                "list's positions right, and an unknown name stops the request instead of guessing."
            ),
        ),
    ),
)
