"""Webhooks never target the platform's own network: private, loopback, link-local and
reserved addresses are refused at registration and again at delivery (a name may change
address), redirects are not followed, and OPENSIT_WEBHOOKS_ALLOW_PRIVATE lifts the rule."""

import socket
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from opensit.diffusion import services
from opensit.diffusion.models import Webhook, WebhookDelivery
from opensit.diffusion.webhook_targets import PrivateTarget, check_target
from opensit.diffusion.webhooks import deliver_all
from tests.diffusion.conftest import CASTLE

BLOCKED = [
    "http://127.0.0.1:9/hook",
    "http://localhost/hook",
    "http://[::1]/hook",
    "http://10.0.0.5/hook",
    "http://192.168.1.10/hook",
    "http://172.16.0.1/hook",
    "http://169.254.169.254/latest/meta-data/",
    "http://0.0.0.0/hook",
    "http://[::ffff:127.0.0.1]/hook",
    "http://2130706433/hook",  # 127.0.0.1 as one number
    "http://240.0.0.1/hook",  # reserved
]


@pytest.fixture(autouse=True)
def _production_rule(settings):
    settings.OPENSIT_WEBHOOKS_ALLOW_PRIVATE = False


@pytest.mark.parametrize("url", BLOCKED)
def test_private_targets_are_refused_at_registration(project, office_admin, url):
    with pytest.raises(ValueError, match="url: "):  # PrivateTarget, or not even a URL
        services.add_webhook(office_admin, project, url)
    assert not Webhook.objects.exists()


def test_public_addresses_pass(monkeypatch):
    check_target("https://93.184.215.14/hook")
    check_target("http://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]/hook")
    # A name is resolved: to a public address it passes, to a private one it is refused.
    fake = {"hooks.example": "93.184.215.14", "intranet.example": "10.1.2.3"}
    real = socket.getaddrinfo

    def resolve(host, port, *args, **kwargs):
        if host in fake:
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (fake[host], port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    check_target("https://hooks.example/opensit")
    with pytest.raises(PrivateTarget, match=r"10\.1\.2\.3"):
        check_target("https://intranet.example/opensit")


def test_a_name_that_moves_inside_is_refused_at_delivery(project, office_admin, publish,
                                                         monkeypatch):  # fmt: skip
    address = {"now": "93.184.215.14"}
    real = socket.getaddrinfo

    def resolve(host, port, *args, **kwargs):
        if host == "hooks.example":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address["now"], port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    webhook, _secret = services.add_webhook(office_admin, project, "http://hooks.example/h")
    address["now"] = "127.0.0.1"  # DNS rebinding
    publish(CASTLE)
    report = deliver_all()
    assert (report.sent, report.failed) == (1, 1)
    delivery = WebhookDelivery.objects.get(webhook=webhook)
    assert delivery.status_code is None and "127.0.0.1" in delivery.error


class _Redirecting(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        self.send_response(307)
        self.send_header("Location", "http://127.0.0.1:9/inside")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def test_redirects_are_not_followed(project, office_admin, publish, settings):
    settings.OPENSIT_WEBHOOKS_ALLOW_PRIVATE = True  # the test server itself is local
    server = HTTPServer(("127.0.0.1", 0), _Redirecting)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/hook"
        webhook, _secret = services.add_webhook(office_admin, project, url)
        publish(CASTLE)
        assert deliver_all().failed == 1
        delivery = WebhookDelivery.objects.get(webhook=webhook)
        assert delivery.status_code == 307 and not delivery.success
    finally:
        server.shutdown()
        server.server_close()


def test_the_setting_allows_private_targets(project, office_admin, settings):
    settings.OPENSIT_WEBHOOKS_ALLOW_PRIVATE = True
    webhook, _secret = services.add_webhook(office_admin, project, "http://127.0.0.1:9/hook")
    assert webhook.pk
