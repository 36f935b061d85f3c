import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chidao.settings.base")
application = get_asgi_application()

from chidao.lib.entrypoint import require_secret_key  # noqa: E402

require_secret_key()
