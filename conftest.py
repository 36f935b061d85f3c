# The cast of chidao/conftest.py serves the cross-app tests under tests/ too.
pytest_plugins = ["chidao.conftest"]
