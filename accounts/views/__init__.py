"""The accounts app's pages, one module per part: sign_in, users, access_log,
health and errors (accounts/README.md lists their URLs)."""
