from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from accounts.demo import DEMO_PASSWORD, DEMO_USERS, create_demo_teams, create_demo_users
from collaboration.demo import load_collaboration_demo
from kb.demo_content import load_demo_content


class Command(BaseCommand):
    help = (
        "Load the demo knowledge base, the demo collaboration space, one demo user per role and two teams. Idempotent: running it again "
        "changes nothing. For a first run or a demo, never on a production database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--password", default=DEMO_PASSWORD, help="Password of newly created demo users")
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print the demo logins")

    def handle(self, password, quiet_logins=False, **options):
        created_users = create_demo_users(password=password)
        create_demo_teams()
        report = load_demo_content()
        load_collaboration_demo()
        # Wagtail's database index (the search fallback) is otherwise filled by the worker's queue: fill it
        # now, so a search answers before any worker runs.
        call_command("update_index", verbosity=0)
        self.stdout.write(f"Demo users created: {len(created_users)}. Demo articles: {report.summary()}")
        if report.failed:
            for number, message in report.errors:
                self.stderr.write(f"articles.jsonl line {number}: {message}")
            raise CommandError("The demo content has invalid lines")
        if not quiet_logins:
            self.stdout.write("Demo logins (password for new users: %s):" % password)
            for username, first_name, last_name, role in DEMO_USERS:
                self.stdout.write(f"  {username:<22} {role:<14} {first_name} {last_name}")
