from scenarios.machinery.cli import scenario_main

scenario_main("keras2_files")
