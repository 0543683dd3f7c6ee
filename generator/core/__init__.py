"""What every stage stands on: problems and their messages, reading text files, the build cache,
the worker pool. Imports nothing else of the package."""
