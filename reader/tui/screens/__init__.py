"""The reader's screens: main (list and panes), help, corpus search."""
