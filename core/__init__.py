"""Plumbing below every app: the error base class, the HTTP API's authentication-free helpers, field
encryption and shared request types. It imports no app; every app may import it."""
