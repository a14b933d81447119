"""What an operator sees: a /healthz that checks the database, a Thai page for a server error,
and its traceback with the request's method and path on standard output, never what the
user typed or their cookies."""

from django.urls import include, path

from tests.test_production_settings import a_secret_key, manage


def fail(request):
    raise ZeroDivisionError("the failure under test")


# The project's URLs plus one that fails, for the subprocess below (ROOT_URLCONF points here).
urlpatterns = [path("boom/", fail), path("", include("rangsit_ita.urls"))]


def in_a_server_process(code, **environment):
    """Runs `code` in a fresh process set up as production is, and returns what it printed."""
    environment = {"SECRET_KEY": a_secret_key(), "INSECURE_HTTP": "1"} | environment
    result = manage("shell", "--no-imports", "-c", code, **environment)
    return result


def test_healthz_says_ok_after_asking_the_database(db, client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok"


def test_healthz_is_not_redirected_to_https(db, client, settings):
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/healthz").status_code == 200


def test_healthz_answers_503_when_the_database_is_unreachable():
    result = in_a_server_process(
        "from django.test import Client; "
        "response = Client().get('/healthz', headers={'host': '127.0.0.1'}); "
        "print(response.status_code, response.content.decode())",
        DATABASE_URL="postgres://postgres@127.0.0.1:1/unreachable",
    )

    assert result.stdout.splitlines()[-1] == "503 database unreachable", result.stderr
    # The operator learns it from the log too.
    assert "ERROR django.request [GET /healthz] Service Unavailable" in result.stdout


def test_a_server_error_shows_a_thai_page_and_logs_the_traceback_without_personal_data():
    result = in_a_server_process(
        "from django.test import Client, override_settings\n"
        "with override_settings(ROOT_URLCONF='tests.test_production_observability'):\n"
        "    client = Client(raise_request_exception=False)\n"
        "    client.cookies['sessionid'] = 'cookie-value-never-logged'\n"
        "    response = client.post('/boom/?q=query-never-logged',\n"
        "        {'outcome': 'typed-text-never-logged'}, headers={'host': '127.0.0.1'})\n"
        "print('STATUS', response.status_code)\n"
        "print('PAGE', response.content.decode())\n",
        DATABASE_URL="sqlite:///:memory:",
    )
    output = result.stdout

    assert "STATUS 500" in output, result.stderr
    page = output.split("PAGE", 1)[1]
    assert "ขออภัย ระบบขัดข้องชั่วคราว" in page
    assert "Server Error" not in page
    log = output.split("STATUS", 1)[0]
    assert "ERROR django.request [POST /boom/] Internal Server Error: /boom/" in log
    assert "Traceback (most recent call last):" in log
    assert "ZeroDivisionError: the failure under test" in log
    for personal in ["cookie-value-never-logged", "typed-text-never-logged", "query-never"]:
        assert personal not in output
