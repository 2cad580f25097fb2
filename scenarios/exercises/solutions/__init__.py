"""Reference solutions, shown by `solution NAME` once the exercise passes. Not imported by the tool."""
