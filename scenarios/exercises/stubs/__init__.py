"""The files a learner edits, copied into the workspace by `start`. Not imported by the tool."""
