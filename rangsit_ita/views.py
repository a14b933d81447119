from django.db import DatabaseError, connection
from django.http import HttpResponse


def healthz(request):
    """200 "ok" once the database has answered a query; 503 when it cannot, so a load
    balancer or monitor takes this server out of service."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("select 1")
    except DatabaseError:
        return HttpResponse("database unreachable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")
