"""Custom layers: a model with a layer or an activation of your own, loaded where Keras cannot rebuild it.

The story, in order:

1. train.py trains a digit classifier whose first layer is `Standardize`, a custom layer holding the
   training set's per-pixel mean and spread (team_layers.py), and saves it. It saves the same trained
   weights behind two drafts of the layer that break its config contract (no **kwargs; a get_config()
   that returns NumPy arrays) and behind the registered layer of layers.py. A second small network
   uses a custom activation function, `scaled_tanh`.
2. serve_broken.py loads them in a fresh process. A class the process never registered is not found,
   even when it is imported; a registered-or-given class whose __init__ refuses `name` fails in
   from_config(); arrays returned by get_config() come back as records in .keras (and as lists in
   .h5, which load); a function activation is stored by name only.
   A layer of the team's that keeps Keras's class name (BatchNormalization, with a `freeze` argument)
   is taken for Keras's own, which refuses the argument.
3. serve_fixed.py passes the classes and the function with custom_objects, reads the drafts' files
   with classes that keep the contract, or rebuilds the activation model and loads its weights;
   serve_registered.py imports the registered layer and loads plainly. Every fix must reproduce the
   oracle.
"""

from scenarios.machinery.declare import Case, MatchesOracle, Pasted, Raises, Scenario

CLASS_NOT_FOUND = Raises(
    {"keras": "TypeError", "h5": "ValueError"},
    {"keras": r"Could not locate class 'Standardize'", "h5": r"Unknown layer: 'Standardize'"},
    during="load_model",
)
# tf.keras 2's .keras loader leaves the unknown layer as its name, a string, and Sequential refuses it.
CLASS_NOT_FOUND_KERAS2 = Raises(
    {"keras": "TypeError", "h5": "ValueError"},
    {"keras": r"The added layer must be an instance of class Layer\. Received: layer=Standardize of type <class 'str'>",
     "h5": r"Unknown layer: 'Standardize'"},
    during="load_model",
)
CLASS_NOT_FOUND_KERAS2_WHY = (
    "The .h5 loader names the unknown layer. The .keras loader does not say it could not find the class: it "
    "goes on with the bare name 'Standardize', a string, and Sequential then refuses to add a string as a "
    "layer. The cause and the cures are the same."
)
ARRAYS_IN_CONFIG = Raises("TypeError", r"float\(\) argument must be a string or a (real )?number, not 'dict'",
                          during="load_model")

SCENARIO = Scenario(
    name="custom_layers",
    title="Custom layers and activations: a class or function missing at load time",
    summary="load_model() cannot rebuild a layer class or activation function the serving process has not registered or passed.",
    task="multiclass",
    train="scenarios.custom_layers.train:train",
    verified_on={"tensorflow": "2.21.0", "keras": "3.15.1", "tf_keras": "2.21.0"},
    symptoms=(
        "a model with a custom layer class cannot be loaded in another script",
        "load_model fails for my own layer or activation function",
    ),
    pasted=(
        Pasted(r"Unknown layer: ?'?\w+", "https://github.com/keras-team/keras/issues/12387", "class_not_found"),
        Pasted(r"__init__\(\) got an unexpected keyword argument 'name'",
               "https://github.com/keras-team/keras/issues/8956", "init_without_kwargs"),
        # Any of the arguments every layer takes, refused by a layer whose __init__ has no **kwargs.
        Pasted(r"__init__\(\) got an unexpected keyword argument '(?:trainable|dtype)'",
               "https://github.com/titu1994/keras-neural-alu/issues/1", "init_without_kwargs"),
        Pasted(r"Unknown activation(?: function)?: ?'?\w+", "https://github.com/qubvel/efficientnet/issues/62",
               "activation_not_found"),
        # Keras 1, and Keras 2.0's tuple wording ('Unknown activation function', ':sin').
        Pasted(r"Invalid activation function: \w+", "https://github.com/keras-team/keras/issues/3487",
               "activation_not_found"),
        Pasted(r"\('Unknown activation function', '", "https://github.com/keras-team/keras/pull/6529",
               "activation_not_found"),
        # A custom initializer (or regularizer, constraint) is a custom object missing at load time too.
        Pasted(r"Unknown (?:initializer|regularizer|constraint): ?'?\w+",
               "https://github.com/titu1994/keras-efficientnets/issues/3", "class_not_found"),
        # A layer without get_config(): from_config() calls the class with none of its own arguments.
        Pasted(r"__init__\(\) (?:takes exactly \d+ arguments \(1 given\)|missing \d+ required positional argument)",
               "https://github.com/jkiesele/caloGraphNN/pull/2", "init_without_kwargs"),
        # tf.keras 2 loading a SavedModel whose layer class the loading code lacks.
        Pasted(r"Unable to restore a layer of class \S+", "https://github.com/tensorflow/tensorflow/issues/45443",
               "class_not_found"),
        Pasted(r"Unable to restore custom object of type _tf_keras_(?:rnn_)?layer", "https://github.com/raminmh/CfC/issues/9",
               "class_not_found"),
        # tf.keras 2 refusing to save a layer whose config it cannot write, so that loading could rebuild it.
        Pasted(r"Layers with arguments in `?__init__`? must override `?get_config`?",
               "https://github.com/strongio/keras-bert/issues/32", None),
    ),
    cases=(
        Case(
            name="class_not_found",
            title="load_model() in a process that never imported Standardize",
            serve="scenarios.custom_layers.serve_broken:predict_digits",
            expect=CLASS_NOT_FOUND,
            keras2=CLASS_NOT_FOUND_KERAS2,
            keras2_why=CLASS_NOT_FOUND_KERAS2_WHY,
            why=(
                "A saved model stores a custom layer as a class name and its config, never its code. To "
                "rebuild it, load_model() looks the name up among the classes registered with Keras and "
                "those passed in custom_objects, and this process has neither."
            ),
        ),
        Case(
            name="class_imported_but_not_given",
            title="The same, with Standardize imported in the serving module",
            serve="scenarios.custom_layers.serve_broken:predict_digits_class_imported",
            expect=CLASS_NOT_FOUND,
            keras2=CLASS_NOT_FOUND_KERAS2,
            keras2_why=CLASS_NOT_FOUND_KERAS2_WHY,
            why=(
                "Importing the class makes it known to Python, not to Keras: load_model() does not search "
                "your modules for a class of that name. Registering it, or passing it in custom_objects, "
                "is what tells Keras."
            ),
        ),
        Case(
            name="init_without_kwargs",
            title="The class given, but its __init__ has no **kwargs",
            serve="scenarios.custom_layers.serve_broken:predict_digits_no_kwargs",
            model="model_no_kwargs",
            expect=Raises("TypeError", r"StandardizeNoKwargs\.__init__\(\) got an unexpected keyword argument 'name'",
                          during="load_model"),
            keras2=Raises("TypeError", r"StandardizeNoKwargs\.__init__\(\) got an unexpected keyword argument 'name'",
                          during="load_model"),
            why=(
                "from_config() rebuilds a layer as cls(**config), and every layer's config holds name, "
                "trainable and dtype beside its own arguments. An __init__ that takes only mean and std "
                "cannot accept them; the file is fine, the class is not."
            ),
        ),
        Case(
            name="arrays_in_config",
            title="The class given, but its get_config() returned NumPy arrays",
            serve="scenarios.custom_layers.serve_broken:predict_digits_raw_arrays",
            model="model_raw_arrays",
            expect={"keras": ARRAYS_IN_CONFIG, "h5": MatchesOracle()},
            keras2={"keras": ARRAYS_IN_CONFIG, "h5": MatchesOracle()},
            why=(
                "A .keras file stores an array from a config as a record, {\"class_name\": \"__numpy__\", "
                "...}, and from_config() hands that record to __init__ as it is: np.asarray() then meets a "
                "dict. The .h5 writer turned the arrays into plain lists instead, which __init__ accepts, so "
                "the same class loads from .h5 and fails from .keras: a trap when a project moves to .keras."
            ),
        ),
        Case(
            name="activation_not_found",
            title="load_model() on a model whose hidden activation is a function of the training code",
            serve="scenarios.custom_layers.serve_broken:predict_digits_activation",
            model="model_activation",
            request="activation_request",
            expect=Raises("TypeError", r"Could not locate function 'scaled_tanh'", during="load_model"),
            keras2=Raises(
                "TypeError",
                {"keras": r"Unknown activation function '.*'scaled_tanh'.*' cannot be deserialized",
                 "h5": r"Unknown activation function: 'function'"},
                during="load_model",
            ),
            keras2_why=(
                "The .keras loader says the activation cannot be deserialized and shows its stored record. "
                "The .h5 one calls the missing function 'function': tf.keras 2 writes the activation into "
                ".h5 as a record whose class_name is 'function', and its .h5 loader looks that word up. "
                "Giving it scaled_tanh does not help there (see the fixes)."
            ),
            why=(
                "An activation passed as a Python function is stored by its name, 'scaled_tanh', and "
                "load_model() must find a function by that name, as it must find a class for a layer."
            ),
        ),
        Case(
            name="named_like_a_keras_layer",
            title="load_model() on a model whose custom layer kept the class name of the Keras layer it extends",
            serve="scenarios.custom_layers.serve_broken:predict_digits_named_like_keras",
            model="model_named_like_keras",
            request="named_like_keras_request",
            expect=Raises("TypeError", {"keras": r"Could not locate class 'BatchNormalization'",
                                        "h5": r"Unrecognized keyword arguments passed to BatchNormalization: "
                                              r"\{'freeze': True\}"}, during="load_model"),
            keras2=Raises("TypeError", r"\('Keyword argument not understood:', 'freeze'\)", during="load_model"),
            keras2_why=(
                "tf.keras 2 takes the stored name for its own BatchNormalization in both formats, and that "
                "class refuses the team's `freeze` argument."
            ),
            why=(
                "The team's layer subclasses keras.layers.BatchNormalization and keeps its class name, so "
                "the file stores 'BatchNormalization' with a `freeze` argument. The .h5 loader takes the name "
                "for Keras's own class, which has no `freeze`; the .keras file also records the team's module, "
                "which Keras does not import, so it finds no class at all. Either way the message talks "
                "about Keras's BatchNormalization, not about a custom layer missing."
            ),
        ),
        Case(
            name="custom_objects_argument",
            title="load_model(..., custom_objects={'Standardize': Standardize})",
            serve="scenarios.custom_layers.serve_fixed:predict_digits",
            expect=MatchesOracle(),
            why=(
                "The serving process imports the team's class and maps the stored name to it. The class "
                "must compute what training computed: Keras matches only the name."
            ),
        ),
        Case(
            name="registered_layer",
            title="The layer registered with @keras.saving.register_keras_serializable, imported before loading",
            serve="scenarios.custom_layers.serve_registered:predict_digits",
            model="model_registered",
            expect=MatchesOracle(),
            why=(
                "The file names the class by its registered name, scenarios>Standardize; importing the "
                "module that registers it is all a loader needs."
            ),
        ),
        Case(
            name="kwargs_passed_on",
            title="The no-**kwargs file, read with a class whose __init__ passes **kwargs on",
            serve="scenarios.custom_layers.serve_fixed:predict_digits_no_kwargs_file",
            model="model_no_kwargs",
            expect=MatchesOracle(),
            why=(
                "def __init__(self, mean, std, **kwargs): super().__init__(**kwargs). The same file loads "
                "once the class accepts what every layer's config carries."
            ),
        ),
        Case(
            name="stored_arrays_read_back",
            title="The raw-arrays file, read with a from_config() that turns the stored arrays back",
            serve="scenarios.custom_layers.serve_fixed:predict_digits_raw_arrays_file",
            model="model_raw_arrays",
            expect=MatchesOracle(),
            why=(
                "For a file already saved that way: keras.saving.deserialize_keras_object() turns each "
                "record back into an array before __init__ sees it. For new files, return plain lists "
                "from get_config() (array.tolist()), as the registered layer does."
            ),
        ),
        Case(
            name="activation_custom_objects",
            title="load_model(..., custom_objects={'scaled_tanh': scaled_tanh})",
            serve="scenarios.custom_layers.serve_fixed:predict_digits_activation",
            model="model_activation",
            request="activation_request",
            expect=MatchesOracle(),
            keras2={"keras": MatchesOracle(),
                    "h5": Raises("TypeError", r"Unknown activation function: 'function'", during="load_model")},
            keras2_why=(
                "custom_objects fixes the .keras file only. The .h5 file that tf.keras 2 wrote names the "
                "activation 'function', so no name you give finds it; rebuilding the model and loading its "
                "weights (the next fix) works in every format."
            ),
            why="A function is looked up by name like a class; custom_objects maps the stored name to it.",
        ),
        Case(
            name="named_like_keras_given",
            title="load_model(..., custom_objects={'BatchNormalization': team_layers.BatchNormalization})",
            serve="scenarios.custom_layers.serve_fixed:predict_digits_named_like_keras",
            model="model_named_like_keras",
            request="named_like_keras_request",
            expect=MatchesOracle(),
            why=(
                "custom_objects is consulted before Keras's own classes, so the stored name now leads to the "
                "team's class, which takes `freeze`. Giving a custom layer a name of its own "
                "(FrozenBatchNormalization) keeps the next file from the confusion."
            ),
        ),
        Case(
            name="activation_weights_only",
            title="The activation model rebuilt in code, its weights loaded from the file",
            serve="scenarios.custom_layers.serve_fixed:predict_digits_activation_weights_only",
            model="model_activation",
            request="activation_request",
            expect=MatchesOracle(),
            why=(
                "Weights are plain numbers matched layer by layer; the architecture, activation included, "
                "comes from the serving code, so no stored name has to be resolved."
            ),
        ),
    ),
)
