"""Demo users, one per role, for the embedded first run. Never run against a real user base."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from accounts import roles
from accounts.models import Team

DEMO_PASSWORD = "sportello-demo"

# username, first name, last name, role
DEMO_USERS = [
    ("operatore", "Giulia", "Rossi", roles.CSR),
    ("operatore2", "Marco", "Bianchi", roles.CSR),
    ("redazione.offerte", "Chiara", "Ferri", roles.CONTENT_OWNER),
    ("redazione.tecnica", "Luca", "Moretti", roles.CONTENT_OWNER),
    ("redazione.crisi", "Sara", "Conti", roles.CONTENT_OWNER),
    ("redazione.procedure", "Paolo", "Gallo", roles.CONTENT_OWNER),
    ("approvatore", "Elena", "Ricci", roles.APPROVER),
    ("esperto", "Davide", "Marino", roles.EXPERT),
    ("prodotto", "Anna", "Colombo", roles.EXPERT),
    ("legale", "Roberto", "Fontana", roles.APPROVER),
    ("teamleader", "Francesca", "Greco", roles.TEAM_LEAD),
    ("admin", "Amministratore", "Sportello", roles.ADMINISTRATOR),
]


def create_demo_users(password=DEMO_PASSWORD):
    """Create the demo users that are missing; existing users are left exactly as they are."""
    User = get_user_model()
    created = []
    for username, first_name, last_name, role in DEMO_USERS:
        if User.objects.filter(username=username).exists():
            continue
        user = User.objects.create_user(
            username=username,
            password=password,
            first_name=first_name,
            last_name=last_name,
            email=f"{username}@sportello.example",
            is_staff=role == roles.ADMINISTRATOR,
            is_superuser=role == roles.ADMINISTRATOR,
        )
        user.groups.add(Group.objects.get(name=role))
        created.append(user)
    return created


# team name: usernames (the team lead leads the first team and is a member of it)
DEMO_TEAMS = {
    "Consumer Milano": ["operatore", "teamleader"],
    "Business Napoli": ["operatore2"],
}


def create_demo_teams():
    User = get_user_model()
    for name, usernames in DEMO_TEAMS.items():
        team, _created = Team.objects.get_or_create(name=name)
        team.members.add(*User.objects.filter(username__in=usernames))
