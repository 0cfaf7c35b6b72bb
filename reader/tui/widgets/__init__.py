"""The reader's widgets: the article list, the reading view and pane, the find bar."""
