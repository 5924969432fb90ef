"""Ages as upstream prints them: apimachinery's `HumanDuration` and the timestamp rules."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

_MICROSECOND = timedelta(microseconds=1)
_ZERO_TIME = "0001-01-01T00:00:00Z"
_DAYS_PER_YEAR = 365


def human_duration(delta: timedelta) -> str:
    """Upstream `duration.HumanDuration`: about two significant figures of `delta`.

    A delta up to 2 s in the future still prints `0s` (clock skew); further in the future is
    `<invalid>`. Then `Ns` below 2 minutes, `XmYs` below 10 minutes, `Xm` below 3 hours, `XhYm`
    below 8 hours, `Xh` below 2 days, `XdYh` below 8 days, `Xd` below 2 years, `XyYd` below
    8 years, else `Xy`; a zero second part is left out (`3m`, `2d`, `3y`).
    """
    micros = delta // _MICROSECOND
    # Go truncates toward zero when it turns the duration into whole seconds.
    seconds = -(-micros // 1_000_000) if micros < 0 else micros // 1_000_000
    if seconds < -1:
        return "<invalid>"
    if seconds < 0:
        return "0s"
    if seconds < 120:
        return f"{seconds}s"
    minutes = seconds // 60
    if minutes < 10:
        return _pair(minutes, "m", seconds % 60, "s")
    if minutes < 180:
        return f"{minutes}m"
    hours = minutes // 60
    if hours < 8:
        return _pair(hours, "h", minutes % 60, "m")
    if hours < 48:
        return f"{hours}h"
    days = hours // 24
    if hours < 24 * 8:
        return _pair(days, "d", hours % 24, "h")
    if hours < 24 * _DAYS_PER_YEAR * 2:
        return f"{days}d"
    if hours < 24 * _DAYS_PER_YEAR * 8:
        return _pair(days // _DAYS_PER_YEAR, "y", days % _DAYS_PER_YEAR, "d")
    return f"{days // _DAYS_PER_YEAR}y"


def _pair(major: int, major_unit: str, minor: int, minor_unit: str) -> str:
    if minor == 0:
        return f"{major}{major_unit}"
    return f"{major}{major_unit}{minor}{minor_unit}"


def parse_time(value: object) -> datetime | None:
    """An RFC 3339 timestamp (`metav1.Time` or `MicroTime`) as a UTC datetime, else None.

    None stands for Go's zero time: the field is unset, null or unreadable.
    """
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
        return parsed.astimezone(UTC) if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)
    except (ValueError, OverflowError):
        # Unreadable, or an offset that moves the instant outside the years datetime can hold.
        return None


def since(value: object, now: datetime) -> str:
    """Upstream `translateTimestampSince`: the age of a timestamp, `<unknown>` when unset."""
    moment = parse_time(value)
    if moment is None:
        return "<unknown>"
    return human_duration(_aware(now) - moment)


def age_of(moment: datetime, now: datetime) -> str:
    return human_duration(_aware(now) - moment)


def rfc3339(value: object) -> str:
    """A timestamp in UTC as Go's `time.RFC3339` layout prints it (zero time when unset)."""
    moment = parse_time(value)
    if moment is None:
        return _ZERO_TIME
    return moment.replace(microsecond=0, tzinfo=None).isoformat() + "Z"


def _aware(now: datetime) -> datetime:
    return now if now.tzinfo is not None else now.replace(tzinfo=UTC)
