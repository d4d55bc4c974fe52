"""The database connection settings: one bounded pool per process on PostgreSQL, no kept handles on SQLite.

Why no persistent connections (CONN_MAX_AGE): under ASGI every request runs its sync code in a thread of
its own context, and a kept connection stays with that thread until it expires. Measured with uvicorn and
`conn_max_age=60`: 50 sequential requests left 50 idle PostgreSQL connections, and a burst of users used up
`max_connections` (100) so that every later request, login included, failed. Django's docs say the same
(https://docs.djangoproject.com/en/5.2/ref/databases/#persistent-connections). Instead:
- PostgreSQL: Django's connection pool (psycopg_pool, Django >= 5.1). A request borrows a connection and
  gives it back when it ends; a process never holds more than DATABASE_POOL_MAX_SIZE, and a request that
  finds none free waits up to DATABASE_POOL_TIMEOUT seconds. Connections are checked before they are lent,
  so a restarted PostgreSQL costs no failed request.
- SQLite (the embedded run): the handle is closed at the end of each request (~2 ms to reopen).
"""

import dj_database_url

from config.env import env_int


def database_settings(url):
    # CONN_HEALTH_CHECKS makes the pool check a connection before lending it.
    database = dj_database_url.parse(url, conn_max_age=0, conn_health_checks=True)
    if database["ENGINE"] == "django.db.backends.postgresql":
        database["OPTIONS"] = {
            "pool": {
                "min_size": env_int("DATABASE_POOL_MIN_SIZE", 2),
                "max_size": env_int("DATABASE_POOL_MAX_SIZE", 10),
                "timeout": env_int("DATABASE_POOL_TIMEOUT", 10),
            }
        }
    elif database["ENGINE"] == "django.db.backends.sqlite3":
        # WAL and a busy timeout let the web server and the task worker share the file.
        database["OPTIONS"] = {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    return database
