import threading
from django.db import connection

def test_probe(db):
    with connection.cursor() as c:
        c.execute("select pid, state, backend_start, query from pg_stat_activity where datname = current_database()")
        for row in c.fetchall():
            print("PG", row)
    print("THREADS", [t.name for t in threading.enumerate()])
