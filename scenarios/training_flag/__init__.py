"""Training flag: serving with model(x, training=True) on a model with BatchNormalization and Dropout.

The story, in order:

1. train.py trains a breast-cancer classifier with a BatchNormalization and a Dropout layer and
   saves it with the oracle.
2. serve_broken.py calls the loaded model with training=True: Dropout draws random units and
   BatchNormalization uses each request's own statistics, so the same rows get other answers
   call after call and request size after request size. Its neighbour is a service that estimates
   its uncertainty with training-mode passes (Monte Carlo dropout) and then answers in inference
   mode: each pass has moved BatchNormalization's moving averages, so that answer has drifted too.
3. serve_fixed.py predicts in inference mode (predict(), or a call with training=False), or
   freezes BatchNormalization before the uncertainty passes. All must reproduce the oracle.
"""

from scenarios.machinery.declare import Case, DriftsFromOracle, MatchesOracle, Scenario

SCENARIO = Scenario(
    name="training_flag",
    title="Training flag: serving in training mode, BatchNorm and Dropout on",
    summary="model(x, training=True) answers differently on every call, and in eager mode it moves BatchNorm's statistics, so even predict() drifts.",
    task="binary",
    train="scenarios.training_flag.train:train",
    verified_on={"tensorflow": "2.21.0", "keras": "3.15.1", "scikit-learn": "1.9.1"},
    symptoms=(
        "the model gives different predictions every time for the same input",
        "BatchNormalization gives inconsistent output",
        "predictions change with the batch size",
        "predict() results change after calling the model with training=True",
        "Monte Carlo dropout changes the model's predictions",
        'the output for one image depends on the other images in the same batch',
        'predictions vary from run to run on the same test data after loading the weights',
        'batch normalization normalizes the input with the batch statistics at prediction time',
        'dropout is still active at prediction time, training=True',
        'the output for an image differs when I predict it alone or together with other images',
        'Dropout called with training=True stays on at prediction after loading the saved model',
        'batch normalization output depends on the other inputs in the batch and the batch size',
        'with BatchNormalization and Dropout the prediction output is not deterministic',
    ),
    cases=(
        Case(
            name="training_true",
            title="model(rows, training=True) on the whole request",
            serve="scenarios.training_flag.serve_broken:score_patients",
            expect=DriftsFromOracle(by=0.1),
            keras2=DriftsFromOracle(by=0.1),
            why=(
                "In training mode Dropout zeroes a random half of the hidden units on every call, and "
                "BatchNormalization normalizes with the statistics of the rows in this call instead of the "
                "moving averages learned in training."
            ),
        ),
        Case(
            name="training_true_in_small_requests",
            title="The same serving code, the same rows, arriving in requests of 10",
            serve="scenarios.training_flag.serve_broken:score_patients",
            batch_size=10,
            expect=DriftsFromOracle(by=0.1),
            keras2=DriftsFromOracle(by=0.1),
            why=(
                "A patient's score now also depends on the nine other patients in the same request, whose "
                "mean and variance BatchNormalization uses, and on a new dropout draw."
            ),
        ),
        Case(
            name="uncertainty_passes_then_predict",
            title="Monte Carlo dropout (20 passes with training=True), then predict_on_batch(), per request of 10",
            serve="scenarios.training_flag.serve_broken:score_patients_with_uncertainty",
            batch_size=10,
            expect=DriftsFromOracle(by=0.1),
            keras2=DriftsFromOracle(by=0.1),
            why=(
                "Called eagerly with training=True, BatchNormalization also updates its moving mean and "
                "variance, a step towards each request's statistics per pass. predict_on_batch() uses those "
                "moving averages, so the answer drifts although it runs in inference mode itself."
            ),
        ),
        Case(
            name="predict",
            title="model.predict(rows)",
            serve="scenarios.training_flag.serve_fixed:score_patients",
            expect=MatchesOracle(),
            why="predict() always runs in inference mode: moving averages, no dropout.",
        ),
        Case(
            name="call_with_training_false",
            title="model(rows, training=False)",
            serve="scenarios.training_flag.serve_fixed:score_patients_calling_the_model",
            # One call over the whole request instead of predict()'s batches of 32, so float32 sums may
            # round differently (about 1e-8 here): the default atol of 1e-6 covers that and nothing more.
            expect=MatchesOracle(atol=1e-6),
            why="A direct call in inference mode computes what predict() computes, in one batch.",
        ),
        Case(
            name="uncertainty_with_batchnorm_frozen",
            title="Monte Carlo dropout with BatchNormalization frozen, then predict_on_batch(), per request of 10",
            serve="scenarios.training_flag.serve_fixed:score_patients_with_uncertainty",
            batch_size=10,
            # Requests of 10 rows instead of predict()'s batches of 32: float rounding only, as above.
            expect=MatchesOracle(atol=1e-6),
            why=(
                "A BatchNormalization layer with trainable=False runs in inference mode even under "
                "training=True: the passes still sample dropout for the uncertainty, and the moving "
                "averages stay as trained."
            ),
        ),
    ),
)
