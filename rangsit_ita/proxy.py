"""What the HTTPS proxy in front of the application servers tells them about a request."""

import ipaddress


def client_address(request):
    """The browser's address, for login throttling. Behind a proxy on this machine every
    request comes from 127.0.0.1; the proxy appends the real address as the last entry of
    X-Forwarded-For (nginx's $proxy_add_x_forwarded_for), the one entry a browser cannot
    forge. From anywhere else REMOTE_ADDR is the browser itself."""
    remote = request.META.get("REMOTE_ADDR", "")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
    try:
        from_this_machine = ipaddress.ip_address(remote).is_loopback
    except ValueError:
        from_this_machine = False
    return forwarded if from_this_machine and forwarded else remote
