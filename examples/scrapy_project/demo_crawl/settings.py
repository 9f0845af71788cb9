"""Settings of the example Scrapy project guarded by scrapeguard."""

BOT_NAME = "demo_crawl"
SPIDER_MODULES = ["demo_crawl.spiders"]
USER_AGENT = "ExampleBot/1.0 (+https://example.org/bot)"

# The guard: one add-on. It places scrapeguard.scrapy.GuardMiddleware at order 545 in
# DOWNLOADER_MIDDLEWARES, and its own HttpCompressionMiddleware and ImagesPipeline in place of
# Scrapy's. Without add-ons, write instead (docs/scrapy.md):
#   DOWNLOADER_MIDDLEWARES = {"scrapeguard.scrapy.GuardMiddleware": 545,
#       "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": None,
#       "scrapeguard.scrapy.HttpCompressionMiddleware": 590}
#   ITEM_PIPELINES = {"scrapeguard.scrapy.ImagesPipeline": 1}
ADDONS = {"scrapeguard.scrapy.Addon": 0}
SCRAPEGUARD_POLICY = "gdpr-strict"          # or a path to your own policy TOML
SCRAPEGUARD_AUDIT = "scrapy-audit.sqlite"   # review with: scrapeguard audit list --log scrapy-audit.sqlite
# SCRAPEGUARD_PURPOSE = "web-text-corpus"   # default: the policy's default_purpose, else its first

# The guard reads robots.txt itself (for the page's host and for every image host) and, under an
# enforcing policy such as gdpr-strict, refuses and records each page it forbids, so Scrapy's own
# robots middleware is off: with ROBOTSTXT_OBEY = True (the `scrapy startproject` default) it
# refuses those pages before the guard sees them, and the audit log and scrapeguard/blocked never
# record the refusals (the guard warns of it at startup). Under a policy that only records
# robots.txt (audit mode: log-only while rolling a policy out; robots_txt = "log" for a domain)
# set ROBOTSTXT_OBEY = True: the guard would let those pages through (it warns at startup).
# It reads robots.txt for the token Scrapy's would: ROBOTSTXT_USER_AGENT when set, else the
# User-Agent each request is sent with (SCRAPEGUARD_USER_AGENT, when set, names it for the guard alone).
ROBOTSTXT_OBEY = False
# ROBOTSTXT_USER_AGENT = "examplebot"      # with a browser-like USER_AGENT, name your bot's token here

ITEM_PIPELINES = {"scrapy.pipelines.images.ImagesPipeline": 1}
IMAGES_STORE = "images"

CONCURRENT_REQUESTS = 8
TELNETCONSOLE_ENABLED = False
LOG_LEVEL = "INFO"
FEEDS = {"items.jsonl": {"format": "jsonlines", "overwrite": True}}
