"""The command-line shell: parses arguments, calls the core, prints results."""
