"""The project's Python tooling, imported by package (importable in `.venv` once `make setup` ran
(a `.pth` file naming the project folder, as an editable install makes); `python -m unittest` from the project root finds it too):

- `tooling.rules`: what makes an executed notebook cell pass or fail, pure functions;
- `tooling.runner`: executes notebooks headless with nbclient (`tests/run_notebooks.py` is its CLI);
- `tooling.latency`: cell latency figures of an executed notebook.
"""
