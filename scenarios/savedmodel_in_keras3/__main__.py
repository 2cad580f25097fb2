from scenarios.machinery.cli import scenario_main

scenario_main("savedmodel_in_keras3")
