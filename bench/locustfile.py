"""The load `python -m bench.run` drives: one page (BENCH_PAGE) at a time, 20 users, no wait time.

Each simulated user takes the session of one account that bench.run signed in through the real login and
two-factor pages (BENCH_ACCOUNTS: cookies per role), then requests the page over and over. Loopback only.
"""

from __future__ import annotations

import json
import os
import random
import re
from itertools import count

from htmlforms import form_values  # bench/ is on the path: locust adds the locustfile's folder
from locust import HttpUser, constant, task

PAGE = os.environ["BENCH_PAGE"]
TARGETS = json.loads(os.environ["BENCH_TARGETS"])
ACCOUNTS = json.loads(os.environ["BENCH_ACCOUNTS"])
_numbers = count()


class JourUser(HttpUser):
    wait_time = constant(0)

    def on_start(self):
        # bench.run signed every account in through the login and two-factor pages: reuse that session.
        sessions = ACCOUNTS[TARGETS[PAGE]["role"]]
        self.client.cookies.update(sessions[next(_numbers) % len(sessions)])

    @task
    def page(self):
        target = TARGETS[PAGE]
        url = random.choice(target["urls"])
        if target.get("post"):
            form = self.client.get(url, name=f"{PAGE} (form)")
            values = form_values(form.text)
            values.update(target["post"])
            with self.client.post(url, data=values, name=PAGE, allow_redirects=False, catch_response=True) as r:
                if r.status_code != 302:
                    errors = re.findall(r"invalid-feedback[^>]*>\s*<strong>([^<]+)", r.text)[:3]
                    r.failure(f"form not accepted ({r.status_code}): {errors}")
        else:
            with self.client.get(url, name=PAGE, catch_response=True) as r:
                if r.status_code != 200:
                    r.failure(f"status {r.status_code}")
