"""Every page each role reaches fits the window and has no serious axe-core fault.

The pages come from the URLconf (tests/security/site.py walks it), filled with
the records of one organisation built like the security suite's world
(tests/security/conftest.py): a role's pages are those that answer its GET with
a whole HTML page, so a new page is covered the day it is added.

Each page is loaded once per role in one browser context; the window is then
resized through the widths, and at each the document must not be wider than the
window (a wide table scrolls inside its .table-responsive wrapper instead) and
the menu bar must show every one of its controls on one row. axe-core, vendored
for tests only (static/vendor/README.md), runs once per page at desktop width.
"""

import pytest
from django.conf import settings
from django.test import Client

from accounts.models import User
from tests.security.conftest import (
    OUR_PHONE_DIGITS,
    OUR_PREFIX,
    World,
    build_world,
    url_ids,
)
from tests.security.site import routes

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = settings.BASE_DIR / "static" / "vendor" / "axe-core-4.14.1" / "axe.min.js"
# Desktop first (where axe runs), then tablet and phone; 1920 px last, cheaply.
DESKTOP = 1366
WIDTHS = (DESKTOP, 820, 390, 1920)
# The menu bar is one row: brand, alerts and toggler, or the expanded menu.
NAVBAR_MAX_HEIGHT = 80
SERIOUS = ("serious", "critical")

# What sticks out: the innermost elements past the window's right edge, outside
# any box that scrolls on its own (a .table-responsive wrapper).
CULPRITS = """(width) => {
  const past = (el) => el.getBoundingClientRect().right > width + 0.5;
  const scrolls = (el) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (["auto", "scroll", "hidden"].includes(getComputedStyle(a).overflowX)) {
        return true;
      }
    }
    return false;
  };
  const found = [];
  for (const el of document.body.querySelectorAll("*")) {
    if (!past(el) || [...el.children].some(past) || scrolls(el)) continue;
    const classes = el.className && el.className.baseVal === undefined
      ? "." + el.className.trim().split(/\\s+/).join(".") : "";
    const text = el.textContent.trim().replace(/\\s+/g, " ").slice(0, 40);
    found.push(`<${el.tagName.toLowerCase()}${classes}> "${text}"`);
    if (found.length === 3) break;
  }
  return found;
}"""

# scrollWidth is what the page would scroll to; a menu control cut off at the
# window's edge, or pushed onto a second row, is a fault too.
FIT_SCRIPT = (
    """async () => {
  // Charts redraw for the new width on the next animation frames (their
  // ResizeObserver); everything else is laid out anew when it is measured below,
  // and no script of ours listens for a resize.
  if (document.querySelector("canvas")) {
    for (let i = 0; i < 3; i++) await new Promise((r) => requestAnimationFrame(r));
  }
  const culprits = """
    + CULPRITS
    + """;
  const width = window.innerWidth;
  const navbar = document.querySelector("header .navbar");
  const cut = [...document.querySelectorAll("header .navbar a, header .navbar button")]
    .filter((el) => el.offsetParent !== null)
    .filter((el) => el.getBoundingClientRect().right > width + 0.5)
    .map((el) => el.textContent.trim().replace(/\\s+/g, " ") || el.outerHTML);
  const scrollWidth = document.documentElement.scrollWidth;
  return {
    scrollWidth,
    width,
    navbarHeight: navbar ? navbar.getBoundingClientRect().height : 0,
    cut,
    culprits: scrollWidth > width ? culprits(width) : [],
  };
}"""
)

AXE_SCRIPT = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ") + ": " + n.failureSummary),
  }));
}"""


def _ids_for(world: World, role: str) -> dict:
    ids = url_ids(world)
    # The role's own alert, so the alert page is one it may open.
    alert = world.o.alerts.get(role, world.o.alerts["caseworker"])
    ids["alert_uuid"] = alert.uuid
    return ids


def _is_whole_page(response) -> bool:
    return (
        response.status_code == 200
        and response["Content-Type"].startswith("text/html")
        and response.content.lstrip()[:15].lower() == b"<!doctype html>"
    )


def pages_of(user: User, ids: dict) -> list[str]:
    """Every URL of the URLconf whose GET gives this user a whole HTML page.

    Exports (CSV), HTMX fragments, POST-only and forbidden pages drop out.
    """
    client = Client()
    client.force_login(user)
    urls = (route.url(ids) for route in routes())
    return [url for url in urls if _is_whole_page(client.get(url))]


def _fit_faults(page, url: str, width: int) -> list[str]:
    got = page.evaluate(FIT_SCRIPT)
    faults = []
    if got["scrollWidth"] > got["width"]:
        faults.append(
            f"{url} at {width} px: {got['scrollWidth']} px wide: {got['culprits']}"
        )
    if got["cut"]:
        faults.append(f"{url} at {width} px: menu cut off: {got['cut']}")
    if got["navbarHeight"] > NAVBAR_MAX_HEIGHT:
        faults.append(
            f"{url} at {width} px: menu bar {got['navbarHeight']:.0f} px high"
        )
    return faults


def _axe_faults(page, url: str) -> list[str]:
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, so the page's CSP (no inline
        # script, no eval) does not stand in the way.
        page.evaluate(AXE.read_text())
    return [
        f"{url}: {v['impact']} {v['id']} ({v['help']}): {v['nodes']}"
        for v in page.evaluate(AXE_SCRIPT)
        if v["impact"] in SERIOUS
    ]


@pytest.mark.parametrize("role", [r.value for r in User.Role])
def test_every_page_fits_and_passes_axe(role, page, sign_in):
    """At 390, 820, 1366 and 1920 px no page of the role is wider than the
    window or cuts off its menu, and axe-core finds no serious or critical
    violation on any of them."""
    world = build_world("Ours Programme (fictional)", OUR_PREFIX, OUR_PHONE_DIGITS)
    user = world.users[role]
    urls = pages_of(user, _ids_for(world, role))
    assert len(urls) > 3, f"{role} reaches only {urls}"

    sign_in(user)
    faults = []
    for url in urls:
        page.set_viewport_size({"width": DESKTOP, "height": 900})
        response = page.goto(url)
        assert response.status == 200, f"{url}: {response.status}"
        faults += _axe_faults(page, url)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            faults += _fit_faults(page, url, width)
    assert not faults, f"{role}, {len(urls)} pages:\n" + "\n".join(faults)
