from scenarios.machinery.cli import scenario_main

scenario_main("multi_input_order")
