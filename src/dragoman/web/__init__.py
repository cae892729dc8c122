"""The web app: exercises for several people in a browser, over the library's sessions.

`create_app(database_url)` builds the FastAPI app (`dragoman.web.app`); `dragoman serve` runs it.
Needs the `web` extra: pip install 'dragoman[web]'.
"""
