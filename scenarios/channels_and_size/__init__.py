"""Channels and size: RGBA, grayscale and larger images sent to a model trained on 16×16 RGB.

The story, in order:

1. train.py draws scikit-learn's digits as 16×16 RGB images, one ink colour each, and trains a
   small conv net with a Flatten → Dense head on them. It saves that model, the same trained
   layers behind a Resizing layer, a second network with a global-pooling head (no fixed height
   or width), and the requests a serving endpoint receives: PNGs decoded with an alpha channel,
   grayscale PNGs decoded to one channel, and the same digits drawn at 20×20.
2. serve_broken.py loads the model in a fresh process and passes each request on as it came:
   predict() raises for every one of them.
3. serve_fixed.py converts at the boundary (alpha composited away, gray repeated to three
   channels, bilinear resizing to the model's size), or serves a model that takes any size.
   Each must reproduce the in-memory model's predictions on the same request.
"""

from scenarios.machinery.declare import Case, MatchesOracle, Pasted, Raises, Scenario

SCENARIO = Scenario(
    name="channels_and_size",
    title="Channels and size: RGBA, grayscale and other-size images into an RGB model",
    summary="A model trained on 16×16 RGB images is sent 4-channel, 1-channel or 20×20 images; predict() raises.",
    task="multiclass",
    train="scenarios.channels_and_size.train:train",
    verified_on={"tensorflow": "2.21.0", "keras": "3.15.1"},
    pasted=(
        # Keras 2 before tf.keras 2.4, which no installed version prints.
        Pasted(r"Error when checking input: expected \S+ to have shape \(\d+, \d+, 3\) but got array with shape "
               r"\(\d+, \d+, [14]\)", "https://github.com/imfing/keras-flask-deploy-webapp/issues/23", "rgba_png"),
    ),
    symptoms=(
        "my PNG image has 4 channels and the model expects 3",
        "the model was trained on RGB images and I pass a grayscale image",
        "predict fails when my image is a different size from the training images",
    ),
    cases=(
        Case(
            name="rgba_png",
            title="PNGs decoded with their alpha channel, shape (n, 16, 16, 4)",
            serve="scenarios.channels_and_size.serve_broken:classify_images",
            expect=Raises(
                "ValueError",
                r"expected axis -1 of input shape to have value 3, but received input with shape \(\w+, 16, 16, 4\)",
                during="predict",
            ),
            keras2=Raises(
                "ValueError",
                r"Input 0 of layer \"\w+\" is incompatible with the layer: expected shape=\(None, 16, 16, 3\), "
                r"found shape=\(None, 16, 16, 4\)",
                during="predict",
            ),
            keras2_why="It checks the model's input first, and names both whole shapes.",
            why=(
                "A PNG may carry a fourth channel, alpha (transparency), and decoders keep it unless told "
                "otherwise. The first convolution was built for three channels: its kernel has no weights "
                "for a fourth."
            ),
        ),
        Case(
            name="grayscale_png",
            title="Grayscale PNGs decoded to one channel, shape (n, 16, 16, 1)",
            serve="scenarios.channels_and_size.serve_broken:classify_images",
            request="gray_request",
            expect=Raises(
                "ValueError",
                r"expected axis -1 of input shape to have value 3, but received input with shape \(\w+, 16, 16, 1\)",
                during="predict",
            ),
            keras2=Raises(
                "ValueError",
                r"expected axis -1 of input shape to have value 3, but received input with shape \(None, 16, 16, 1\)",
                during="predict",
            ),
            keras2_why="The same sentence, from the first convolution; here it does not check the model's input first.",
            why="A grayscale image has one channel where the model was trained on three: the same refusal.",
        ),
        Case(
            name="other_size",
            title="Images of another size, 20×20, into a Flatten → Dense head built for 16×16",
            serve="scenarios.channels_and_size.serve_broken:classify_images",
            request="larger_request",
            expect=Raises(
                "ValueError",
                r"of layer '\w+' is incompatible with the layer: expected axis -1 of input shape to have value \d+, "
                r"but received input with shape \(\w+, \d+\)",
                during="predict",
            ),
            keras2=Raises(
                "ValueError",
                r"expected shape=\(None, 16, 16, 3\), found shape=\(None, 20, 20, 3\)",
                during="predict",
            ),
            keras2_why="It refuses at the model's input and names both image sizes, instead of the Dense layer's lengths.",
            why=(
                "Convolutions slide over any size, but Flatten turns a larger feature map into a longer vector, "
                "and the Dense layer after it has weights for one length only. Keras 3 lets the images through "
                "the model's input and fails there, in the Dense layer, in terms of vector lengths: nothing in "
                "the message says 20×20."
            ),
        ),
        Case(
            name="rgba_converted_at_the_boundary",
            title="RGBA composited onto the training background (alpha dropped, for opaque PNGs)",
            serve="scenarios.channels_and_size.serve_fixed:classify_images",
            expect=MatchesOracle(),
            why=(
                "The serving code turns whatever the decoder gave into the layout the model was trained on. For "
                "an opaque PNG, compositing is dropping the alpha channel; a transparent one would otherwise show "
                "whatever colour lies under its transparent pixels."
            ),
        ),
        Case(
            name="grayscale_converted_at_the_boundary",
            title="One gray channel repeated into three equal ones",
            serve="scenarios.channels_and_size.serve_fixed:classify_images",
            request="gray_request",
            expect=MatchesOracle(),
            why=(
                "A gray pixel is an RGB pixel with three equal values, which is what PIL's convert(\"RGB\") "
                "produces; the same boundary function does it."
            ),
        ),
        Case(
            name="resized_at_the_boundary",
            title="Resized to 16×16 (bilinear) before predict",
            serve="scenarios.channels_and_size.serve_fixed:classify_images",
            request="larger_request",
            expect=MatchesOracle(),
            why=(
                "The boundary reads the size from model.input_shape and resizes, with the same bilinear "
                "tf.image.resize whose result the original model was given."
            ),
        ),
        Case(
            name="resizing_layer_inside_the_model",
            title="The same trained layers saved behind keras.layers.Resizing(16, 16)",
            serve="scenarios.channels_and_size.serve_fixed:classify_images",
            request="larger_request",
            model="model_resizing",
            expect=MatchesOracle(),
            why=(
                "The model's input is (None, None, 3) and its first layer resizes: the size travels in the file, "
                "and the serving code only fixes the channels."
            ),
        ),
        Case(
            name="global_pooling_head",
            title="A network with a global-pooling head, sent the 20×20 images as they are",
            serve="scenarios.channels_and_size.serve_fixed:classify_images",
            request="larger_request_pooled",
            model="model_global_pooling",
            expect=MatchesOracle(),
            why=(
                "GlobalMaxPooling2D reduces any feature map to one value per filter, so the input has no fixed "
                "height or width and nothing is resized. Taking any size is not being right at any size: it "
                "answers as it did in memory on the same 20×20 images, with the accuracy shown in the proof."
            ),
        ),
    ),
)
