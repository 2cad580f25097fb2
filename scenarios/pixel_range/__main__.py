from scenarios.machinery.cli import scenario_main

scenario_main("pixel_range")
