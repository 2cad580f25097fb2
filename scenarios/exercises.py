"""python -m scenarios.exercises: fix the scenarios' broken serving code yourself, and have it checked.

The exercises live in the lessons' folders (<lesson>/exercises/<name>/); the engine that starts a
workspace and judges an attempt is scenarios.machinery.exercises.
"""

if __name__ == "__main__":
    import sys

    from scenarios.machinery.exercises.cli import main

    sys.exit(main())
