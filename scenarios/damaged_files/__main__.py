from scenarios.machinery.cli import scenario_main

scenario_main("damaged_files")
