"""Proxy integration: `scrapeguard proxy` runs mitmproxy in-process with `GuardAddon`.

mitmproxy is an optional dependency (`pip install 'scrapeguard[proxy]'`); import
`scrapeguard.proxy.addon` / `scrapeguard.proxy.server` only when it is installed.
"""
