import pytest
from tests.security import matrix
from tests.security.world import build_world
pytestmark = pytest.mark.django_db

def test_probe(client):
    world = build_world()
    people = matrix.users(world)
    lines = []
    for pattern in matrix.walk():
        path = matrix.fill(pattern, world)
        row = {}
        for method in ("GET", "POST") if pattern.takes_post else ("GET",):
            got = []
            for role in matrix.ROLES:
                client.logout()
                if people[role]:
                    client.force_login(people[role])
                try:
                    r = matrix.request(client, method, path)
                    got.append(matrix.outcome(r))
                except Exception as e:
                    got.append(f"EXC {type(e).__name__}: {e}"[:80])
            row[method] = tuple(got)
        lines.append(f"{pattern.route!r} [{pattern.name}] {pattern.admin_page} {path}\n    {row}")
    open("/tmp/roles_probe_out.txt", "w").write("\n".join(lines))
