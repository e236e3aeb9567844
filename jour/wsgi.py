import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jour.settings")
application = get_wsgi_application()
# What a worker has loaded by now (Django, the apps, their modules: ~100 000 objects) lives as long as the worker.
# Kept out of the garbage collector's full collections, which otherwise walk all of it every few requests of a page
# that makes thousands of objects (the lists of every woman living here): 40–60 ms each time, the p95 of those
# pages (docs/benchmarks.md, "The list pages and the start page").
gc.freeze()
