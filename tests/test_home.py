"""The site's front door leads to the dashboard; the login form brings staff back there."""


def test_the_home_page_sends_visitors_to_the_dashboard(client):
    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == "/dashboard/"


def test_the_dashboard_asks_an_anonymous_visitor_to_log_in(client):
    response = client.get("/dashboard/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/?next=/dashboard/")


def test_the_admin_links_to_the_dashboard(admin_client):
    assert 'href="/dashboard/"' in admin_client.get("/admin/").content.decode()
