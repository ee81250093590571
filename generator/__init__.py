"""Generate client code from Postman collection items."""

__version__ = "0.1.0"
