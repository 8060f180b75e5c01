"""HR Resume Search: candidate search for HR teams."""

# What every HTTP answer of the product names as its server: the product, no versions (aiohttp's own
# "Python/3.11 aiohttp/3.14.5" and wsgiref's "WSGIServer/0.2 CPython/3.11.2" told a scanner which holes
# to try).
SERVER = "hr-resume-search"
