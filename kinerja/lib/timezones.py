"""Indonesia's three time zones and which province lies in which.

Deadlines such as "the end of January" end at midnight local time of the unit,
so every unit carries one of these zones.
"""

WIB = "Asia/Jakarta"
WITA = "Asia/Makassar"
WIT = "Asia/Jayapura"

LABELS = {WIB: "WIB", WITA: "WITA", WIT: "WIT"}
CHOICES = [(WIB, "WIB (UTC+7)"), (WITA, "WITA (UTC+8)"), (WIT, "WIT (UTC+9)")]

# Province codes of the Ministry of Home Affairs (Kemendagri), first two digits
# of every region code. Bali, Nusa Tenggara, the south, east and north of
# Kalimantan and all of Sulawesi keep central time; Maluku and Papua eastern
# time; everything else western time.
_WITA_PROVINCES = {"51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"}
_WIT_PROVINCES = {"81", "82", "91", "92", "93", "94", "95", "96"}


def zone_for_region(region_code: str) -> str:
    """The time zone of the province a Kemendagri region code belongs to."""
    province = region_code[:2]
    if province in _WIT_PROVINCES:
        return WIT
    if province in _WITA_PROVINCES:
        return WITA
    return WIB
