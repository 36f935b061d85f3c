# The named cast of chidao/conftest.py serves the cross-app tests here too.
from chidao.conftest import *  # noqa: F403
