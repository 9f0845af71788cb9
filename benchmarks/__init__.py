"""What scrapeguard costs a crawl, measured side by side on a generated local site.

Run `python -m benchmarks` (or `--quick`); see `benchmarks.run`. Not part of the
installed package and not run by CI (a quick smoke test is: tests/benchmarks/).
"""
