from scenarios.machinery.cli import scenario_main

scenario_main("training_flag")
