"""Commerce settings: the currencies sold are ISO 4217 codes and include the default one."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from modules.commerce.settings import CommerceSettings
from tests.support.commerce import commerce_app
from tests.support.databases import DatabaseTarget

UPDATE = """
mutation ($settings: JSON!) {
  moduleSettingsUpdate(input: {module: "commerce", settings: $settings}) {
    errors { code message }
  }
}
"""


def test_defaults_sell_in_us_dollars() -> None:
    assert CommerceSettings() == CommerceSettings(default_currency="USD", currencies=("USD",))


@pytest.mark.parametrize(
    ("values", "complaint"),
    [
        ({"currencies": ["EUR"]}, "default_currency 'USD' must be in currencies"),
        ({"currencies": ["USD", "usd", "XYZ"]}, "not ISO 4217 currency codes"),
        ({"currencies": ["USD", "USD"]}, "each currency at most once"),
        ({"currencies": []}, "at least 1"),
    ],
)
def test_bad_currencies_are_refused(values: dict[str, object], complaint: str) -> None:
    with pytest.raises(ValidationError, match=complaint):
        CommerceSettings.model_validate(values)


async def test_the_api_refuses_a_default_that_is_not_sold(database: DatabaseTarget) -> None:
    async with commerce_app(database) as app:
        owner = app.member("core.manage_modules")
        answer = await app.gql(
            UPDATE, {"settings": {"default_currency": "GBP", "currencies": ["EUR"]}}, token=owner
        )
        assert [e["code"] for e in answer["data"]["moduleSettingsUpdate"]["errors"]] == [
            "VALIDATION"
        ]
