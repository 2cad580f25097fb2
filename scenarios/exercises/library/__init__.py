"""One module per exercise: its EXERCISE (metadata and hints) and its check(trial).

Adding an exercise is adding a module here, plus its stub and solution files; the catalog finds it.
"""
