"""The local demo site and the demo crawl (`scrapeguard demo`)."""
