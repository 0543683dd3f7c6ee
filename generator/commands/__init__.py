"""What the user runs: the `timeline` command line, the preview server, `timeline new`."""
