"""The command line: the typer app (app.py), shared options (options.py), one module per
command group.

A command maps its options onto one call of a domain function and prints the
result; it never reads or writes YAML itself. Errors are raised, and
:class:`stemeco.cli.app.Group` turns them into one line on stderr and an exit
code.
"""
