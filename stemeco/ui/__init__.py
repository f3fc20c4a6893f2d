"""The terminal: the one place that imports rich and questionary (prompts.py).

The studio engine talks to a Prompter; :class:`stemeco.ui.prompts.TerminalPrompter`
is the one that asks a person. Tests drive it through prompt_toolkit pipe input.
"""
