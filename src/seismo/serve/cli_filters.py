"""The event filter options shared by `seismo events` and `seismo export` (the API's
`event_query` takes the same filters; see docs/api.md)."""
from __future__ import annotations

import click

from seismo.analyze.sources import GENRES, OUTLET_TYPES


def _point(ctx, param, value: str | None) -> tuple[float, float] | None:
    if value is None:
        return None
    try:
        lat, lon = (float(x) for x in value.split(","))
    except ValueError:
        raise click.BadParameter("expected LAT,LON, e.g. -1.68,29.22") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise click.BadParameter("latitude must be within ±90 and longitude within ±180")
    return lat, lon


def _date(ctx, param, value: str | None) -> str | None:
    from seismo.errors import InvalidFilter
    from seismo.store.base import check_date_bound
    try:
        return check_date_bound(value, "")
    except InvalidFilter as exc:
        raise click.BadParameter(f"[{exc.code}]{exc.message}") from None


def min_confidence_option():
    """--min-confidence: events whose calibrated confidence (the probability that the event is
    right, see docs/annotation.md and `seismo bench quality`) is at least this."""
    return click.option("--min-confidence", "min_confidence", type=click.FloatRange(0.0, 1.0),
                        help="Only events whose calibrated confidence is at least this (0-1).")


def event_filter_options(fn):
    """Decorate a command with the event filters; it receives them as keyword arguments."""
    for opt in reversed([
        click.option("--type", "type_", help="PLOVER type, e.g. ASSAULT."),
        click.option("--country", help="ISO3 of the place or of either actor."),
        click.option("--admin1", help="admin1 (province) name."),
        click.option("--actor", help="Substring of an actor's text or name."),
        click.option("--mineral", help="Canonical mineral name, e.g. cobalt."),
        click.option("--since", "date_from", callback=_date, help="From this date (YYYY[-MM[-DD]], inclusive)."),
        click.option("--until", "date_to", callback=_date, help="Up to this date (inclusive)."),
        click.option("--factuality", help="asserted, reported, claimed, alleged, attempted, foiled, ..."),
        click.option("--doc-id", "doc_id", help="Events of one document."),
        click.option("--source-type", type=click.Choice(OUTLET_TYPES), help="Outlet type of the event's document."),
        click.option("--genre", type=click.Choice(GENRES),
                     help="'reporting' leaves out commentary, analysis and advocacy."),
        click.option("--near", callback=_point, metavar="LAT,LON",
                     help="Events located within --within-km of this point."),
        click.option("--within-km", type=click.FloatRange(min=0, min_open=True, max=20_000), default=50.0,
                     show_default=True, help="Radius for --near, in km."),
        click.option("--current-only", "--no-background", "current_only", is_flag=True,
                     help="Leave out background (historical) events."),
        min_confidence_option(),
    ]):
        fn = opt(fn)
    return fn


def build_filter(type_, country, admin1, actor, mineral, date_from, date_to, factuality, doc_id,
                 source_type, genre, near, within_km, current_only, limit: int, min_confidence=None):
    from seismo.store import EventFilter
    return EventFilter(type=type_.upper() if type_ else None, country=country.upper() if country else None,
                       admin1=admin1, actor=actor, mineral=mineral.lower() if mineral else None,
                       date_from=date_from, date_to=date_to, factuality=factuality, doc_id=doc_id,
                       source_type=source_type, genre=genre,
                       near_lat=near[0] if near else None, near_lon=near[1] if near else None, within_km=within_km, include_historical=not current_only,
                       min_confidence=min_confidence, limit=limit)
