"""The project as a whole: the folder and its manifest (folder.py), creating one
(create.py, ``stemeco init``), where it stands (status.py) and every problem in it
(check.py).
"""
