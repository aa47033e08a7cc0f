"""A made-up but realistic programme to try qoncha on: stoves, weekly SMS, field visits.

Everything is drawn from seeded `random.Random`s, so the same seed and dates give the same
households, messages and visits on every machine. The programme is dated from its `year`,
the last full calendar year when the demo was first loaded (core.demo.present): stoves
installed during the year before it and its first half, its sample visited in the autumn.
The districts are real districts of Huánuco and La Libertad (coordinates approximate);
names and phone numbers are invented.
"""

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

SEED = 20250101
STOVES = 320
QUIT_SHARE = 0.06  # households that stop answering a couple of months before today

# district -> (region, [communities], latitude, longitude, share of the stoves)
DISTRICTS: dict[str, tuple[str, list[str], float, float, float]] = {
    "Amarilis": ("Huanuco", ["Llicua", "Paucarbamba", "Malconga"], -9.92, -76.23, 0.12),
    "Pillco Marca": ("Huanuco", ["Cayhuayna", "Andabamba"], -9.96, -76.25, 0.10),
    "Huanuco": ("Huanuco", ["Huayopampa", "Marabamba"], -9.93, -76.24, 0.08),
    "Churubamba": ("Huanuco", ["Pampamarca", "Huancapallac"], -9.83, -76.13, 0.11),
    "Santa Maria del Valle": ("Huanuco", ["Pachabamba", "Vilcabamba"], -9.86, -76.17, 0.10),
    "Chinchao": ("Huanuco", ["Huanacaure", "Acomayo"], -9.64, -76.07, 0.06),
    "Otuzco": ("La Libertad", ["Chuquizongo", "Usquilbamba"], -7.90, -78.57, 0.10),
    "Usquil": ("La Libertad", ["Coina", "Chuyugual"], -7.82, -78.41, 0.09),
    "Huamachuco": ("La Libertad", ["Shiracmaca", "Cushuro"], -7.81, -78.05, 0.10),
    "Sanagoran": ("La Libertad", ["Chuyugual Alto", "Cochabamba"], -7.79, -78.14, 0.06),
    "Santiago de Chuco": ("La Libertad", ["Calipuy", "Pampatac"], -8.14, -78.17, 0.08),
}
SURNAMES = (
    "Quispe", "Huaman", "Condori", "Rojas", "Ramos", "Ventura", "Soto", "Laureano", "Espinoza",
    "Cruz", "Flores", "Chavez", "Vasquez", "Alvarez", "Tarazona", "Trujillo", "Aguirre",
    "Valverde", "Ponce", "Rivera", "Mendoza", "Reyes", "Julca", "Sanchez", "Castillo", "Lozano",
    "Alcantara", "Polo", "Rodriguez", "Marcelo", "Cotrina", "Paredes", "Tucto", "Lino",
)  # fmt: skip
SURVEYORS = {"Huanuco": ("Rosa Huaman", "Luis Soto"), "La Libertad": ("Carmen Julca", "Jorge Polo")}
# How households write "days of use": keyword, bare digits, Spanish and Quechua words.
_NUMBER_WORDS = {
    0: ("cero", "0"), 1: ("uno", "huk"), 2: ("dos", "iskay"), 3: ("tres", "kimsa"),
    4: ("cuatro", "tawa"), 5: ("cinco", "pichqa"), 6: ("seis", "soqta"), 7: ("siete", "qanchis"),
}  # fmt: skip
_LIMA = timedelta(hours=-5)  # Peru keeps no daylight saving time


@dataclass(frozen=True)
class DemoStove:
    """One household and its stove, with the habits that drive its messages and visit."""

    code: str
    household_name: str
    phone: str
    district: str
    community: str
    installed_on: date
    latitude: float
    longitude: float
    baseline_stove: str
    response: float  # chance of answering a weekly prompt
    days_mean: float  # typical days of use a week
    in_use_at_visit: bool


@dataclass(frozen=True)
class DemoSms:
    """One SMS a household sent, as a provider would hand it over."""

    provider_id: str
    sender: str
    body: str
    received_at: datetime


def stoves(year: int, seed: int = SEED, count: int = STOVES) -> list[DemoStove]:
    """The programme's stoves, most installed the year before `year`, some in its first half."""
    rng = random.Random(seed)
    names = list(DISTRICTS)
    weights = [DISTRICTS[name][4] for name in names]
    out = []
    for number in range(1, count + 1):
        district = rng.choices(names, weights)[0]
        region, communities, lat, lon, _share = DISTRICTS[district]
        prefix = "HCO" if region == "Huanuco" else "LIB"
        if rng.random() < 0.85:
            installed = date(year - 1, 3, 1) + timedelta(days=rng.randrange(270))
        else:
            installed = date(year, 1, 15) + timedelta(days=rng.randrange(160))
        engaged = rng.random() < 0.75  # three households in four keep answering
        days_mean = rng.uniform(4.5, 7.0) if engaged else rng.uniform(0.5, 5.0)
        out.append(
            DemoStove(
                code=f"{prefix}{number:04d}",
                household_name=f"Familia {rng.choice(SURNAMES)} {rng.choice(SURNAMES)}",
                phone=f"+5198765{number:04d}" if rng.random() < 0.88 else "",
                district=district,
                community=rng.choice(communities),
                installed_on=installed,
                latitude=round(lat + rng.uniform(-0.03, 0.03), 4),
                longitude=round(lon + rng.uniform(-0.03, 0.03), 4),
                baseline_stove="open_fire" if rng.random() < 0.8 else "traditional_stove",
                response=rng.uniform(0.65, 0.95) if engaged else rng.uniform(0.0, 0.45),
                days_mean=days_mean,
                in_use_at_visit=rng.random() < (0.93 if engaged else 0.6),
            )
        )
    return out


def household_rows(programme: list[DemoStove]) -> list[dict[str, str]]:
    """The installation spreadsheet, as `qoncha households import` reads it."""
    return [
        {
            "stove_code": s.code,
            "household_name": s.household_name,
            "phone": s.phone,
            "district": s.district,
            "community": s.community,
            "installed_on": s.installed_on.isoformat(),
            "latitude": f"{s.latitude:.4f}",
            "longitude": f"{s.longitude:.4f}",
            "baseline_stove": s.baseline_stove,
        }
        for s in programme
    ]


def weekly_sms(
    programme: list[DemoStove], mondays: list[date], now: datetime, seed: int = SEED
) -> Iterator[DemoSms]:
    """The answers to the Sunday prompts of the weeks starting `mondays`, as they arrive.

    Each answer comes between Sunday 18:00 and Tuesday 10:00 (Lima), so it counts for the
    week of the prompt; some households add a `FOGON` report on the old fire. Each week is
    drawn from its own seed, so a week's answers never depend on which weeks are asked for;
    nothing arrives after `now`. A few households stop answering some weeks before the last.
    """
    quits = {s.code: _quit_week(s, mondays, seed) for s in programme}
    for monday in mondays:
        rng = random.Random(f"{seed}:{monday.isoformat()}")
        sunday = monday + timedelta(days=6)
        evening = datetime(sunday.year, sunday.month, sunday.day, 18, tzinfo=UTC) - _LIMA
        year, week, _ = monday.isocalendar()
        batch = []
        for s in programme:
            if not s.phone or s.installed_on > sunday - timedelta(days=7):
                continue
            if rng.random() >= s.response or monday >= quits[s.code]:
                continue
            days = max(0, min(7, round(rng.gauss(s.days_mean, 1.2))))
            at = evening + timedelta(minutes=rng.randrange(40 * 60))
            tag = f"demo-{s.code}-{year}W{week:02d}"
            batch.append(DemoSms(f"{tag}-uso", s.phone, _days_text(rng, days), at))
            if rng.random() < 0.12:
                fire = rng.choice((0, 0, 1, 2))
                later = at + timedelta(minutes=5 + rng.randrange(60))
                batch.append(DemoSms(f"{tag}-fogon", s.phone, f"fogon {fire}", later))
        ordered = sorted(batch, key=lambda sms: (sms.received_at, sms.provider_id))
        yield from (sms for sms in ordered if sms.received_at <= now)


def _quit_week(stove: DemoStove, mondays: list[date], seed: int) -> date:
    """The Monday from which this household no longer answers (most never stop)."""
    rng = random.Random(f"{seed}:{stove.code}:quits")
    if not mondays or rng.random() >= QUIT_SHARE:
        return date.max
    return mondays[-1] - timedelta(weeks=rng.randrange(7, 14))


def autumn_visits(codes: list[str], year: int, seed: int = SEED) -> dict[str, date]:
    """A day for each stove between mid-September and late November of `year`."""
    first = date(year, 9, 15)
    return {
        code: first + timedelta(days=random.Random(f"{seed}:{code}:{year}").randrange(70))
        for code in codes
    }


def _days_text(rng: random.Random, days: int) -> str:
    """Days of use written the way households write them."""
    form = rng.random()
    if form < 0.45:
        return rng.choice(("uso", "USO", "Uso")) + f" {days}"
    if form < 0.75:
        return str(days)
    return rng.choice(_NUMBER_WORDS[days])


def visit_rows(
    programme: list[DemoStove], dated: dict[str, date], seed: int = SEED
) -> list[dict[str, str]]:
    """The survey app's export after field staff visited each stove of `dated` on its day."""
    by_code = {s.code: s for s in programme}
    rows = []
    for code, day in sorted(dated.items()):
        rng = random.Random(f"{seed}:{code}:{day.isoformat()}")
        s = by_code[code]
        region = DISTRICTS[s.district][0]
        if s.in_use_at_visit:
            condition = "good" if rng.random() < 0.9 else "needs_repair"
        else:
            condition = rng.choice(("good", "good", "needs_repair", "broken"))
        open_fire = rng.random() < (0.3 if s.in_use_at_visit else 0.8)
        rows.append(
            {
                "stove_code": code,
                "visited_on": day.isoformat(),
                "in_use": "si" if s.in_use_at_visit else "no",
                "condition": condition,
                "open_fire_in_use": "si" if open_fire else "no",
                "surveyor": rng.choice(SURVEYORS[region]),
                "latitude": f"{s.latitude:.4f}",
                "longitude": f"{s.longitude:.4f}",
                "notes": "" if condition == "good" else "chimenea suelta",
            }
        )
    return rows
