"""Where and how to connect: the server URL, the TLS context and the system proxy.

Both transports take these from here so that they trust the same certificates and go through
the same proxy. Trust comes from the OS certificate store (truststore: Windows' store, the
macOS keychain, the Linux CA bundle), plus an optional CA bundle for a corporate or self-signed
authority. Turning verification off is only possible through an explicit flag.
"""

from __future__ import annotations

import ipaddress
import logging
import os
import ssl
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

import truststore

from nkdash_desktop.odoo.errors import InvalidUrl, TlsError

log = logging.getLogger(__name__)

CA_FILE_ENV = "NKDASH_CA_FILE"
DEFAULT_PORTS = {"http": 80, "https": 443}
# Paths of Odoo's web client that operators paste along with the address
WEB_CLIENT_PATHS = ("/web", "/odoo")


@dataclass(frozen=True)
class ServerUrl:
    """A parsed, normalised Odoo base URL."""

    scheme: str  # http or https
    host: str  # without brackets, lower case
    port: int
    path: str = ""  # a reverse-proxy prefix such as "/erp", or ""

    @property
    def is_https(self) -> bool:
        return self.scheme == "https"

    @property
    def host_for_url(self) -> str:
        return f"[{self.host}]" if ":" in self.host else self.host

    @property
    def base(self) -> str:
        port = "" if DEFAULT_PORTS[self.scheme] == self.port else f":{self.port}"
        return f"{self.scheme}://{self.host_for_url}{port}{self.path}"

    def join(self, path: str) -> str:
        return self.base + "/" + path.lstrip("/")

    def __str__(self) -> str:
        return self.base


def parse_server_url(url: str) -> ServerUrl:
    text = (url or "").strip()
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        raise InvalidUrl(text) from None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        raise InvalidUrl(text)
    path = parts.path.rstrip("/")
    for web in WEB_CLIENT_PATHS:
        head, sep, _ = path.partition(web)
        if sep and (path == head + web or path.startswith(head + web + "/")):
            path = head
            break
    return ServerUrl(scheme, parts.hostname.lower(), port or DEFAULT_PORTS[scheme], path)


def server_address(url: str) -> str:
    """The server address in a URL as pasted from the browser, in its canonical spelling:
    what settings store and what keyring entries and cache keys are made of."""
    return parse_server_url(url).base


def resolve_ca_file(ca_file: str | None) -> str | None:
    """The extra CA bundle: the setting if given, else the NKDASH_CA_FILE variable."""
    value = (ca_file or "").strip() or os.environ.get(CA_FILE_ENV, "").strip()
    return value or None


def build_ssl_context(
    ca_file: str | None = None, *, insecure_skip_verify: bool = False
) -> ssl.SSLContext:
    """The client TLS context: OS trust store, plus `ca_file` (or $NKDASH_CA_FILE)."""
    if insecure_skip_verify:
        log.warning("TLS certificate verification is OFF for Odoo (insecure_skip_verify)")
        ctx = ssl.create_default_context()
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        return ctx
    ctx = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    path = resolve_ca_file(ca_file)
    if path:
        try:
            ctx.load_verify_locations(cafile=path)
        except FileNotFoundError:
            raise TlsError.bad_ca_file(path, "file not found") from None
        except (ssl.SSLError, OSError, ValueError) as exc:
            reason = getattr(exc, "strerror", None) or exc.__class__.__name__
            raise TlsError.bad_ca_file(path, str(reason)) from None
    return ctx


def _is_loopback(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def system_proxy_for(server: ServerUrl) -> str | None:
    """The proxy URL the system uses for this server, or None for a direct connection.

    `urllib.request.getproxies()` reads the environment and, on Windows, the Internet Options
    registry; `proxy_bypass` honours no_proxy / the bypass list. Computing it once here gives
    urllib (odoorpc) and httpx the very same answer.
    """
    if _is_loopback(server.host):
        return None  # a proxy never serves this machine's own servers
    proxies = urllib.request.getproxies()
    proxy = proxies.get(server.scheme) or proxies.get("all")
    if not proxy:
        return None
    try:
        if urllib.request.proxy_bypass(server.host):
            return None
    except OSError:  # the registry lookup can fail on locked-down Windows machines
        pass
    if "://" not in proxy:
        proxy = "http://" + proxy
    return proxy
