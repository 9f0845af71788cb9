"""httpx integration: transports that enforce the guard on every hop.

    import httpx
    from scrapeguard import Guard
    from scrapeguard.httpx import GuardTransport, AsyncGuardTransport

    guard = Guard("gdpr-strict", user_agent="ExampleBot/1.0 (+https://example.org/bot)", integration="httpx")
    client = httpx.Client(transport=GuardTransport(guard))
    r = client.get(url)   # 451 + X-Scrapeguard-* headers when blocked

To use a proxy, wrap the proxied transport (httpx's `proxy=` argument would install its
own transport and bypass this one): `GuardTransport(guard, httpx.HTTPTransport(proxy=...))`.

Once you have stored what a response brought, tell the audit log where (an erasure request then
lists the stored copies, `scrapeguard.audit.storage`)::

    decision = r.extensions[DECISION_EXTENSION]
    attach_storage(guard, decision.decision_id, [StorageRef.of_bytes("/data/img/a.jpg", stored_bytes)])
"""

from scrapeguard.audit.storage import StorageRef, attach_storage

from scrapeguard.enact import ACTION_HEADER, DECISION_HEADER, REASON_HEADER, STATUS_BLOCKED
from scrapeguard.httpx._transport import DECISION_EXTENSION, PURPOSE_EXTENSION, AsyncGuardTransport, Blocked, GuardTransport

__all__ = [
    "ACTION_HEADER",
    "DECISION_EXTENSION",
    "DECISION_HEADER",
    "PURPOSE_EXTENSION",
    "REASON_HEADER",
    "STATUS_BLOCKED",
    "StorageRef",
    "AsyncGuardTransport",
    "Blocked",
    "GuardTransport",
    "attach_storage",
]
