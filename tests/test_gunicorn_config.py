"""gunicorn.conf.py loads the application in the master and freezes its objects before each
fork (see the README's load figures: a replaced worker serves at once)."""

import gc
import runpy

from django.conf import settings


def test_the_master_loads_the_app_and_freezes_it_before_each_fork():
    config = runpy.run_path(str(settings.BASE_DIR / "gunicorn.conf.py"))
    assert config["preload_app"] is True
    gc.unfreeze()
    assert gc.get_freeze_count() == 0
    try:
        config["pre_fork"](server=None, worker=None)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
