"""Preprocessing mismatch: a model trained on standardized features is served raw ones.

The story, in order:

1. train.py fits a StandardScaler on the breast-cancer training rows, trains the article's dense
   net on the scaled rows, and saves the model, the scaler's mean and scale as JSON, a second model
   with a Normalization layer inside, and the oracle.
2. serve_broken.py loads the model in a fresh process and sends raw rows. Nothing raises: the
   damage is only visible in the numbers, so the scenario measures it against the majority-class
   baseline. Its subtle neighbour re-fits a scaler on each incoming request.
3. serve_fixed.py reapplies the training-time scaling from the JSON, or uses the model that carries
   its own Normalization layer. Both must reproduce the oracle.
"""

from scenarios.machinery.declare import AccuracyBelowBaseline, Case, DriftsFromOracle, MatchesOracle, Raises, Scenario

SCENARIO = Scenario(
    name="preprocessing_mismatch",
    title="Preprocessing mismatch: raw features into a model trained on scaled ones",
    summary="No error at all: predictions are simply wrong, worse than always guessing the majority class.",
    task="binary",
    train="scenarios.preprocessing_mismatch.train:train",
    verified_on={"tensorflow": "2.21.0", "keras": "3.15.1", "scikit-learn": "1.9.1"},
    symptoms=(
        "the loaded model predicts the same class for every input",
        "accuracy dropped after loading the saved model",
        "predictions on new data are wrong after load_model although training accuracy was high",
        "the model gives different predictions after saving and loading, no error",
        "a single row always gets the same prediction whatever its values",
        "good predictions right after training, wrong or random predictions after loading the model in another script",
        "the saved model works in the notebook where it was trained but not in the new python session",
        "I load the model to predict on new data and the results are much worse than the test accuracy",
        "the loaded model gives random predictions in a new session",
        "accuracy decayed after I loaded the model",
        "to predict on my own data I have to preprocess it with the scaler fitted in training",
        "it works on the test set but gives the wrong output on my own images",
        "new data at prediction time is not normalized the way the training data was",
        "the scaler fitted on the training data is not applied before predict",
        "the tokenizer or word index used for prediction differs from the one used in training",
    ),
    cases=(
        Case(
            name="raw_features",
            title="Raw features sent to a model trained on standardized ones",
            serve="scenarios.preprocessing_mismatch.serve_broken:score_patients",
            expect=AccuracyBelowBaseline(),
            keras2=AccuracyBelowBaseline(),
            why=(
                "A .keras or .h5 file holds the network, not the StandardScaler that fed it. Raw areas in "
                "the hundreds or thousands saturate the sigmoid, so most rows get the same answer."
            ),
        ),
        Case(
            name="scaler_refit_per_request",
            title="A new StandardScaler fitted on each request of 10 rows",
            serve="scenarios.preprocessing_mismatch.serve_broken:score_patients_refitting_the_scaler",
            batch_size=10,
            expect=DriftsFromOracle(by=0.5),
            keras2={
                "keras": Raises("OutOfRangeError", r"End of sequence", during="predict_on_batch"),
                "h5": DriftsFromOracle(by=0.5),
            },
            keras2_why=(
                "The .keras file brings back the training's compile settings, steps_per_execution=16 "
                "among them, and predict_on_batch() on one request then runs out of data ('End of sequence') "
                "before the scaling matters. The .h5 file does not keep that setting: there the refitted scaler "
                "drifts as on Keras 3."
            ),
            why=(
                "Fitting at serving time uses the statistics of whatever rows arrived together, so the "
                "same patient gets a different score depending on the company it keeps; a single row "
                "becomes all zeros."
            ),
        ),
        Case(
            name="saved_scaler_state",
            title="The training scaler's mean and scale, saved as JSON and reapplied",
            serve="scenarios.preprocessing_mismatch.serve_fixed:score_patients",
            expect=MatchesOracle(),
            why=(
                "The serving code applies exactly the transformation the model was trained behind. The "
                "state is plain JSON: a pickled scaler would also work, but unpickling a file runs "
                "whatever code the file names, so a tampered scaler.pkl could run anything on the server."
            ),
        ),
        Case(
            name="normalization_inside_the_model",
            title="A Normalization layer, adapted on the training data, saved inside the model",
            serve="scenarios.preprocessing_mismatch.serve_fixed:score_patients_with_normalization_layer",
            model="model_with_normalization",
            # Normalization adapts in float32, StandardScaler in float64: equal to about 1e-6.
            expect=MatchesOracle(atol=1e-5),
            why="The scaling travels in the model file, so serving code cannot forget or redo it.",
        ),
    ),
)
