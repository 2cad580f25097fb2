from scenarios.machinery.cli import scenario_main

scenario_main("channels_and_size")
