"""The Textual shell: the article list, reading panes, find, search, palette and help.

Nothing outside this package imports Textual; the shell never writes SQL itself but
calls the store modules.
"""
