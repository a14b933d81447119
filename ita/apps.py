from django.apps import AppConfig


class ItaConfig(AppConfig):
    name = "ita"
    verbose_name = "ผลการประเมิน ITA"
