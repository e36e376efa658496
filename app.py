"""WSGI entry point: `gunicorn app:app`, `flask --app app ...`."""
from fossdash import create_app

app = create_app()
