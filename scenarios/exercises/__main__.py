import sys

from scenarios.exercises.cli import main

sys.exit(main())
