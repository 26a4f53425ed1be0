"""The achievement bands in templates: `{% load achievement %}`, then
`value|band` for a percentage's band (its `tone`, `label`), `{% achievement_legend %}`
and `{% behind_below %}`; no template spells a threshold or a category."""

from django import template

from kinerja.monitoring import achievement

register = template.Library()


@register.filter
def band(percent):
    """The band of a percentage, or None when there is no percentage."""
    return achievement.band(percent)


@register.simple_tag
def achievement_legend() -> list[dict]:
    """Each band with its colour, the range it covers and its category."""
    return achievement.legend()


@register.simple_tag
def behind_below():
    """The percentage below which a row counts as behind."""
    return achievement.BEHIND_BELOW
