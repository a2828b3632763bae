"""Invented names and numbers: obviously fictional, never a real person's.

Phone numbers are in the ranges set aside for drama (07700 900xxx mobiles,
01632 960xxx landlines); e-mail addresses are at example.org, which never delivers.
"""

FIRST_NAMES = [
    "Alex",
    "Sam",
    "Jo",
    "Robin",
    "Kit",
    "Charlie",
    "Morgan",
    "Frankie",
    "Rowan",
    "Jamie",
]
LAST_NAMES = ["Demoson", "Testwell", "Sampleby", "Fictitia", "Placeholm", "Mockridge"]
WOMEN_FIRST_NAMES = [
    "Ada",
    "Bea",
    "Cleo",
    "Dora",
    "Edie",
    "Faye",
    "Gwen",
    "Hana",
    "Iris",
    "Jude",
    "Kay",
    "Lena",
]
WOMEN_LAST_NAMES = ["Demoson", "Testwell", "Sampleby", "Fictitia", "Placeholm"]
STREETS = ["Example Road", "Sample Street", "Fiction Lane", "Demo Close", "Test Row"]
ORGANISATION_NAMES = [
    "Northbrook Change Programme (demo)",
    "Riverside Respect Project (demo)",
]


def mobile(number: int) -> str:
    return f"07700 900{number % 1000:03d}"


def organisation_name(index: int) -> str:
    if index < len(ORGANISATION_NAMES):
        return ORGANISATION_NAMES[index]
    return f"Demo Programme {index + 1:03d} (demo)"
