from scenarios.machinery.cli import scenario_main

scenario_main("subclassed_model")
