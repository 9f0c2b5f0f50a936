"""Running ``rustok commerce import|export`` against a commerce app's tenant, and CSV files."""

from __future__ import annotations

import asyncio
import csv
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import Result

from modules.commerce.models import PriceRow, ProductRow, VariantRow
from tests.app.cli import Cli
from tests.support.commerce import CommerceApp
from tests.support.databases import DatabaseTarget

__all__ = ["HEADER", "CatalogCli", "catalog_cli", "problems", "write_csv"]

HEADER = [
    "product_slug",
    "product_name",
    "status",
    "categories",
    "option1_name",
    "option1_value",
    "sku",
    "price_EUR",
    "price_USD",
]


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    """Write a CSV file of ``header`` and ``rows``; return its path."""
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path


def problems(result: Result) -> list[str]:
    """Return the problem lines an import printed on stderr."""
    return [line for line in result.stderr.splitlines() if line.startswith("line ")]


@dataclass(frozen=True, slots=True)
class CatalogCli:
    """The CLI with content and commerce installed, acting in one commerce app's tenant."""

    cli: Cli
    app: CommerceApp

    async def run(self, *args: str) -> Result:
        """Run ``rustok commerce *args --tenant <the app's tenant>`` in a thread."""
        arguments = ["commerce", *args, "--tenant", self.app.tenant.slug]
        return await asyncio.to_thread(self.cli, *arguments, RUSTOK_MODULES="content,commerce")

    async def products(self) -> dict[str, tuple[str, str]]:
        """Return the tenant's products: slug → (name, status)."""
        runtime = self.app.api.state.runtime
        tenant_id = self.app.tenant.id
        async with runtime.db.transaction(tenant_id, readonly=True) as session:
            rows = await session.execute(
                select(ProductRow.slug, ProductRow.name, ProductRow.status).where(
                    ProductRow.tenant_id == tenant_id
                )
            )
            return {slug: (name, status) for slug, name, status in rows}

    async def prices(self) -> dict[str, dict[str, int]]:
        """Return every variant's prices: SKU → {currency: amount}."""
        runtime = self.app.api.state.runtime
        tenant_id = self.app.tenant.id
        async with runtime.db.transaction(tenant_id, readonly=True) as session:
            rows = await session.execute(
                select(VariantRow.sku, PriceRow.currency, PriceRow.amount)
                .join(
                    PriceRow,
                    (PriceRow.tenant_id == VariantRow.tenant_id)
                    & (PriceRow.variant_id == VariantRow.id),
                )
                .where(VariantRow.tenant_id == tenant_id)
            )
            found: dict[str, dict[str, int]] = {}
            for sku, currency, amount in rows:
                found.setdefault(sku, {})[currency] = amount
            return found


def catalog_cli(
    database: DatabaseTarget, monkeypatch: pytest.MonkeyPatch, workdir: Path, app: CommerceApp
) -> CatalogCli:
    """Return the catalog CLI for ``app``'s tenant, run from ``workdir``."""
    return CatalogCli(Cli.on(database, monkeypatch, workdir), app)
