from scenarios.machinery.cli import scenario_main

scenario_main("custom_metric")
