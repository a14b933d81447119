"""Refuse requests carrying characters no person types, before any view or query sees them.

PostgreSQL cannot hold a NUL character, so a NUL that reaches a filter, a lookup or a form
field's query would end in a server error. No browser sends control characters in a URL,
so those are refused there too; form text keeps tabs and line breaks, and only NUL is refused
in it (text pasted from a word processor may carry other control characters).
"""

import re

from django.http import HttpResponseBadRequest

# C0 controls and DEL, except tab, line feed and carriage return.
URL_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
NUL = re.compile("\x00")

MESSAGE = "คำขอนี้มีอักขระควบคุม (เช่น NUL) ที่ระบบไม่รับ กรุณาตรวจสอบลิงก์หรือข้อความที่กรอก แล้วลองอีกครั้ง"


def has_control(query_dict, pattern):
    return any(
        pattern.search(key) or any(pattern.search(value) for value in values)
        for key, values in query_dict.lists()
    )


def refuse_control_characters(get_response):
    def middleware(request):
        if (
            URL_CONTROL.search(request.path)
            or has_control(request.GET, URL_CONTROL)
            or (request.method == "POST" and has_control(request.POST, NUL))
        ):
            return HttpResponseBadRequest(MESSAGE, content_type="text/plain; charset=utf-8")
        return get_response(request)

    return middleware
