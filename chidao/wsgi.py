import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chidao.settings.base")
application = get_wsgi_application()

from chidao.lib.entrypoint import require_secret_key  # noqa: E402

require_secret_key()
