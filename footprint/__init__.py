"""footprint: where a candidate's private details are exposed online, and how to remove them."""

__version__ = "0.1.0"
PROJECT_URL = "https://github.com/footprint-uk/footprint"
