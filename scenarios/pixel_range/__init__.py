"""Pixel range: 8-bit images (0 to 255) served to a model trained on pixels / 255, and the reverse.

The story, in order:

1. train.py turns scikit-learn's digits into 8×8 uint8 images, the 0–255 values a PNG decoder
   gives, and trains a small conv net (convolution, BatchNormalization, dense head) on them divided
   by 255, in numpy, outside the model. It saves that model, the same trained layers behind a
   Rescaling(1/255) layer, a second network trained on the raw 0–255 values, the scaling each
   was trained behind (as JSON), and the oracles.
2. serve_broken.py loads each model in a fresh process. Nothing raises either way: raw pixels into
   the model trained on 0–1 drift its probabilities and cost accuracy; pixels divided by 255 into
   the model trained on 0–255 get one class for every image.
3. serve_fixed.py repeats the recorded training scaling exactly, or serves the model that carries
   its Rescaling layer. Each must reproduce its model's oracle.
"""

from scenarios.machinery.declare import AccuracyBelowBaseline, Case, DriftsFromOracle, MatchesOracle, Scenario

SCENARIO = Scenario(
    name="pixel_range",
    title="Pixel range: 0–255 images into a model trained on 0–1, and the reverse",
    summary="No error: pixels on another scale than in training cost accuracy, or give one class for every image.",
    task="multiclass",
    train="scenarios.pixel_range.train:train",
    verified_on={"tensorflow": "2.21.0", "keras": "3.15.1"},
    symptoms=(
        "same prediction for all inputs",
        "model.predict gives identical output regardless of the input image",
        "the loaded model always predicts the same class whatever image I give it",
        "I resize the image but do not rescale it, and the predictions are wrong",
        "when we upload an image we just resize it and don't rescale it",
        "it doesn't matter which image is loaded, it always shows the same class",
        "predictions are wrong on my own images but the test accuracy was high, pixel values 0 to 255",
        "the model is very confident but often wrong on new images after loading it",
        "pixel values rescaled to 0-1 in training but not at prediction, or twice",
        "the output is always one class with probability 1 and 0 for the rest if I don't rescale the image",
    ),
    cases=(
        Case(
            name="raw_pixels_into_a_0_to_1_model",
            title="uint8 pixels, 0 to 255, sent to a model trained on pixels / 255",
            serve="scenarios.pixel_range.serve_broken:classify_images",
            expect=DriftsFromOracle(by=0.5),
            keras2=DriftsFromOracle(by=0.5),
            why=(
                "Dividing by 255 happened in the training script, in numpy, so the saved file knows nothing "
                "of it. Pixels 255 times too large push the network's activations far outside anything it "
                "saw in training: probabilities jump to 0 or 1, and a good share of the images change class."
            ),
        ),
        Case(
            name="scaled_pixels_into_a_0_to_255_model",
            title="Pixels divided by 255, sent to a model trained on the raw 0–255 values",
            serve="scenarios.pixel_range.serve_broken:classify_images_scaled",
            model="model_raw",
            request="raw_model_request",
            expect=AccuracyBelowBaseline(),
            keras2=AccuracyBelowBaseline(),
            why=(
                "This network was trained on raw pixels, and the serving helper divides by 255 as most "
                "tutorials do. BatchNormalization subtracts the mean it learned on 0–255 inputs; on inputs "
                "255 times smaller that subtraction dominates everything, every image looks alike to the "
                "head, and one class wins for all of them."
            ),
        ),
        Case(
            name="training_scaling_at_the_boundary",
            title="The recorded training scaling (divide by 255) repeated at the boundary",
            serve="scenarios.pixel_range.serve_fixed:classify_images",
            expect=MatchesOracle(),
            why=(
                "The training script saved what it did to the pixels beside the model; serving does exactly "
                "that, once, and refuses input that is not uint8, since floats may already be scaled."
            ),
        ),
        Case(
            name="training_scaling_at_the_boundary_raw_model",
            title="The same serving code on the model trained on 0–255 (its record says divide by 1)",
            serve="scenarios.pixel_range.serve_fixed:classify_images",
            model="model_raw",
            request="raw_model_request",
            expect=MatchesOracle(),
            why="Reading the scaling from the model's record, instead of assuming / 255, serves both models right.",
        ),
        Case(
            name="rescaling_inside_the_model",
            title="The same trained layers saved behind keras.layers.Rescaling(1/255)",
            serve="scenarios.pixel_range.serve_fixed:classify_images_rescaling_model",
            model="model_rescaling",
            expect=MatchesOracle(),
            why="The scaling travels inside the file, so the serving code sends 0–255 pixels as they are decoded.",
        ),
    ),
)
