"""The channel catalogue: products, channels, PQRSA desk and escalation levels, loaded from YAML.

Every contact the bot gives out comes from here. Loading validates the whole file and reports each
problem with the file name and the path of the field, so a typo stops start-up instead of reaching
a customer.
"""

import os
import re
import sys
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Optional, Set, Tuple, Union

import yaml
from pydantic import BaseModel, Extra, ValidationError, root_validator, validator

from bot.schedule import MINUTES_PER_DAY, WEEKDAYS, Schedule, Window
from bot.spanish import fold

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "catalogue" / "channels.yml"
PATH_VARIABLE = "CERTICHAT_CATALOGUE"

# An e-mail address as the catalogue accepts it; the case form finds one inside free text with it too.
EMAIL_ADDRESS = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
EMAIL_PATTERN = re.compile(f"^{EMAIL_ADDRESS}$")
PHONE_PATTERN = re.compile(r"^[0-9() +-]+$")
WEB_ADDRESS_PATTERN = re.compile(r"^https?://[^\s]+$")
HOURS_PATTERN = re.compile(r"^(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$")
# Level 1 is the product's own support; a ladder needs at least one level above it.
LOWEST_ESCALATION_LADDER = 2


class CatalogueError(Exception):
    """The catalogue file cannot be used; the message names the file and every bad field."""


class ChannelKind(str, Enum):
    PHONE = "phone"
    PRIORITY_PHONE = "priority_phone"
    EMAIL = "email"
    CHAT = "chat"


class _Strict(BaseModel):
    class Config:
        extra = Extra.forbid
        allow_mutation = False
        arbitrary_types_allowed = True


_WEEKDAY_INDEX = {fold(name): index for index, name in enumerate(WEEKDAYS)}


def parse_weekdays(text: str) -> frozenset:
    """ "lunes a viernes", "sábado", "lunes, miércoles y viernes" -> weekday numbers (0 = Monday)."""
    days: Set[int] = set()
    for part in re.split(r",|\by\b", fold(text)):
        part = part.strip()
        if not part:
            continue
        bounds = [b.strip() for b in re.split(r"\ba\b", part)]
        if len(bounds) > 2 or any(b not in _WEEKDAY_INDEX for b in bounds):
            raise ValueError(f"'{text}' is not a day or range of days such as 'lunes a viernes'")
        first, last = _WEEKDAY_INDEX[bounds[0]], _WEEKDAY_INDEX[bounds[-1]]
        if last < first:
            raise ValueError(f"'{text}': a range must go forward in the week")
        days.update(range(first, last + 1))
    if not days:
        raise ValueError("no days given")
    return frozenset(days)


def parse_hours(text: str) -> Tuple[int, int]:
    """ "07:00-19:00" -> (420, 1140) minutes after midnight; "24:00" closes at midnight."""
    match = HOURS_PATTERN.match(str(text).strip())
    if not match:
        raise ValueError(f"'{text}' is not a time range such as '07:00-19:00'")
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    start, end = h1 * 60 + m1, h2 * 60 + m2
    if m1 > 59 or m2 > 59 or start >= MINUTES_PER_DAY or end > MINUTES_PER_DAY or end <= start:
        raise ValueError(f"'{text}' is not a valid range within one day")
    return start, end


class WindowSpec(_Strict):
    days: str
    hours: str

    @validator("days")
    def _days_parse(cls, value):
        parse_weekdays(value)
        return value

    @validator("hours")
    def _hours_parse(cls, value):
        parse_hours(value)
        return value

    def to_window(self) -> Window:
        start, end = parse_hours(self.hours)
        return Window(weekdays=parse_weekdays(self.days), start=start, end=end)


class ScheduleSpec(_Strict):
    windows: List[WindowSpec]
    # The sources say nothing about holidays: business hours close on them unless a schedule says otherwise.
    open_on_holidays: bool = False

    @validator("windows")
    def _not_empty(cls, value):
        if not value:
            raise ValueError("a schedule needs at least one window")
        return value

    def to_schedule(self) -> Schedule:
        return Schedule(windows=tuple(w.to_window() for w in self.windows), open_on_holidays=self.open_on_holidays)


def _web_address(cls, value):
    if value is not None and not WEB_ADDRESS_PATTERN.match(value):
        raise ValueError(f"'{value}' is not a web address")
    return value


class _Reachable(_Strict):
    """A phone with its extensions and an e-mail, each checked for its form."""

    phone: Optional[str] = None
    extensions: Tuple[str, ...] = ()
    email: Optional[str] = None

    @validator("email")
    def _email_well_formed(cls, value):
        if value is not None and not EMAIL_PATTERN.match(value):
            raise ValueError(f"'{value}' is not an e-mail address")
        return value

    @validator("phone")
    def _phone_well_formed(cls, value):
        if value is not None and (not PHONE_PATTERN.match(value) or len(re.sub(r"\D", "", value)) < 7):
            raise ValueError(f"'{value}' is not a phone number")
        return value

    @validator("extensions", each_item=True)
    def _extension_digits(cls, value):
        if not str(value).isdigit():
            raise ValueError(f"'{value}' is not a phone extension")
        return str(value)


class ContactPoint(_Reachable):
    """Everything the bot can hand a person to."""

    label: str
    menu: Optional[str] = None
    url: Optional[str] = None
    # None where the source publishes no hours for this contact.
    schedule: Optional[Schedule] = None

    _url_is_web = validator("url", allow_reuse=True)(_web_address)


class Channel(ContactPoint):
    id: str
    kind: ChannelKind

    @root_validator(skip_on_failure=True)
    def _value_matches_kind(cls, values):
        required = {
            ChannelKind.PHONE: "phone",
            ChannelKind.PRIORITY_PHONE: "phone",
            ChannelKind.EMAIL: "email",
            ChannelKind.CHAT: "url",
        }[values["kind"]]
        if not values.get(required):
            raise ValueError(f"a channel of kind '{values['kind'].value}' needs '{required}'")
        if values.get("schedule") is None:
            raise ValueError("a channel needs 'schedule'")
        return values


class EscalationLevel(_Reachable):
    level: int
    name: str
    # Level 1 is the product's own support group: it names channels instead of repeating them.
    channels: Tuple[str, ...] = ()


class Product(_Strict):
    id: str
    name: str
    short_name: str
    aliases: Tuple[str, ...]
    # Beginnings of words that point to the product in conversation ("documentos" -> document), used
    # only when no alias is written.
    word_stems: Tuple[str, ...] = ()
    channels: Tuple[Channel, ...]
    escalation: Tuple[EscalationLevel, ...]

    @validator("channels")
    def _channels_complete(cls, channels):
        ids = [c.id for c in channels]
        duplicated = sorted({i for i in ids if ids.count(i) > 1})
        if duplicated:
            raise ValueError(f"channel ids repeated: {', '.join(duplicated)}")
        kinds = {c.kind for c in channels}
        missing = [k.value for k in ChannelKind if k not in kinds]
        if missing:
            raise ValueError(f"missing channel kinds: {', '.join(missing)}")
        return channels

    @validator("escalation")
    def _all_levels(cls, levels, values):
        found = sorted(level.level for level in levels)
        if len(found) < LOWEST_ESCALATION_LADDER or found != list(range(1, len(found) + 1)):
            raise ValueError(f"escalation levels must be 1, 2… without gaps, at least two; found {found}")
        channel_ids = {c.id for c in values.get("channels", ())}
        for level in levels:
            unknown = [c for c in level.channels if c not in channel_ids]
            if unknown:
                raise ValueError(f"level {level.level} names unknown channels: {', '.join(unknown)}")
            if not (level.channels or level.email or level.phone):
                raise ValueError(f"level {level.level} has no contact")
        return levels

    @property
    def highest_escalation_level(self) -> int:
        return max(level.level for level in self.escalation)

    def channel(self, kind: ChannelKind) -> Channel:
        return next(c for c in self.channels if c.kind == kind)

    def escalation_contact(self, level: int) -> ContactPoint:
        """The contact of an escalation level, with its hours where the source publishes them."""
        entry = next(e for e in self.escalation if e.level == level)
        if not entry.channels:
            return ContactPoint(label=entry.name, phone=entry.phone, email=entry.email, extensions=entry.extensions)
        named = [c for c in self.channels if c.id in entry.channels]
        phone = next((c for c in named if c.phone), None)
        email = next((c for c in named if c.email), None)
        return ContactPoint(
            label=entry.name,
            phone=phone.phone if phone else None,
            menu=phone.menu if phone else None,
            email=email.email if email else None,
            schedule=named[0].schedule,
        )


class DataPolicy(_Strict):
    """Who controls the personal data and where its handling policy is published (Ley 1581 de 2012).
    The sources do not give them: the administrator fills them in; until then nothing is linked."""

    controller: Optional[str] = None
    url: Optional[str] = None

    _url_is_web = validator("url", allow_reuse=True)(_web_address)


class PqrsaDesk(ContactPoint):
    # Business days to answer each type of PQRSA; Ley 1755 de 2015 art. 14 sets 15 in general.
    response_business_days: Dict[str, int] = {}

    @validator("response_business_days", each_item=True)
    def _positive(cls, value):
        if value < 1:
            raise ValueError(f"{value} is not a number of business days")
        return value


class Catalogue(_Strict):
    products: Dict[str, Product]
    pqrsa: PqrsaDesk
    data_policy: DataPolicy = DataPolicy()
    source: str = ""

    @validator("pqrsa")
    def _pqrsa_reachable(cls, desk):
        if not (desk.email and desk.phone and desk.schedule):
            raise ValueError("the PQRSA desk needs 'email', 'phone' and 'schedule'")
        return desk

    def product(self, product_id: str) -> Product:
        return self.products[product_id]


def _resolve_schedules(raw: dict) -> dict:
    """Replaces schedule names by schedules, so every contact carries its own hours."""
    if not isinstance(raw, dict):
        raise CatalogueError("the file must be a mapping with 'schedules', 'products' and 'pqrsa'")
    unknown = sorted(set(raw) - {"schedules", "products", "pqrsa", "data_policy"})
    if unknown:
        raise _field_error("(top level)", f"unknown keys: {', '.join(unknown)}")
    schedules = {}
    for name, spec in (raw.get("schedules") or {}).items():
        try:
            schedules[name] = ScheduleSpec.parse_obj(spec).to_schedule()
        except ValidationError as error:
            raise _validation_error(error, prefix=f"schedules.{name}")

    def resolve(entry: Any, where: str) -> Any:
        if not isinstance(entry, dict) or "schedule" not in entry:
            return entry
        name = entry["schedule"]
        if name not in schedules:
            known = ", ".join(sorted(schedules)) or "none defined"
            raise _field_error(f"{where}.schedule", f"unknown schedule '{name}' (known: {known})")
        return {**entry, "schedule": schedules[name]}

    products = {}
    for product_id, product in (raw.get("products") or {}).items():
        if isinstance(product, dict):
            channels = product.get("channels") or []
            product = {
                **product,
                "id": product_id,
                "channels": [resolve(c, f"products.{product_id}.channels[{i}]") for i, c in enumerate(channels)],
            }
        products[product_id] = product
    resolved = {"products": products, "pqrsa": resolve(raw.get("pqrsa"), "pqrsa")}
    if raw.get("data_policy") is not None:
        resolved["data_policy"] = raw["data_policy"]
    return resolved


class _FieldError(Exception):
    pass


def _field_error(field: str, message: str) -> "_FieldError":
    return _FieldError(f"{field}: {message}")


def _validation_error(error: ValidationError, prefix: str = "") -> "_FieldError":
    lines = []
    for problem in error.errors():
        path = prefix
        for part in problem["loc"]:
            if part == "__root__":
                continue
            path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
        lines.append(f"{path or '(top level)'}: {problem['msg']}")
    return _FieldError("\n  ".join(lines))


@lru_cache(maxsize=1)
def load_catalogue_or_exit() -> Catalogue:
    """The catalogue of this process, loaded once and shared by the actions, the policy, the channels'
    safety net and the NLU components; a process that cannot serve without it says the file and the
    field, then exits, without a traceback."""
    try:
        return load_catalogue()
    except CatalogueError as error:
        print(f"ERROR {error}", file=sys.stderr)
        raise SystemExit(1) from None


def load_catalogue(path: Union[str, Path, None] = None) -> Catalogue:
    """Loads and validates the catalogue; CatalogueError names the file and every bad field."""
    path = Path(path or os.environ.get(PATH_VARIABLE) or DEFAULT_PATH)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise CatalogueError(f"{path}: cannot read the catalogue ({error.strerror})") from error
    except yaml.YAMLError as error:
        raise CatalogueError(f"{path}: not valid YAML ({error})") from error
    try:
        return Catalogue(**_resolve_schedules(raw), source=str(path))
    except _FieldError as error:
        raise CatalogueError(f"{path}: invalid catalogue\n  {error}") from None
    except ValidationError as error:
        raise CatalogueError(f"{path}: invalid catalogue\n  {_validation_error(error)}") from None
