from scenarios.machinery.cli import scenario_main

scenario_main("lambda_layer")
