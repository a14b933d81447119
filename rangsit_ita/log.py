"""What a log line may say about the request it comes from."""

import logging


class RequestLine(logging.Filter):
    """Adds `request_line`, "GET /path", to every record: enough to find the failing page,
    and nothing a person typed or carries (no query string, body or cookies)."""

    def filter(self, record):
        request = getattr(record, "request", None)
        # django.server passes its socket as `request`; only an HttpRequest has a method.
        method = getattr(request, "method", None)
        record.request_line = f"{method} {request.path}" if method else "-"
        return True
