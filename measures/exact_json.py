"""The backup's JSON: Django's own, but with times kept to the microsecond.

Django's JSON encoder cuts datetimes to the millisecond, so a history row saved at
12:00:00.000412 came back from a restore as 12:00:00, and the restored audit trail no longer
matched the original. Registered as the serialization format "exactjson"; reading it back is
Django's ordinary JSON deserializer, which reads microseconds.
"""

import datetime

from django.core.serializers import json as django_json


class ExactJSONEncoder(django_json.DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, (datetime.datetime, datetime.time)):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        return super().default(o)


class Serializer(django_json.Serializer):
    def _init_options(self):
        self.options.setdefault("cls", ExactJSONEncoder)
        super()._init_options()


Deserializer = django_json.Deserializer
