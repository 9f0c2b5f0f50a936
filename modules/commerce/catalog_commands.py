"""``rustok commerce export|import``: the catalog as CSV (the format: docs/modules/commerce.md).

Both act as the CLI's system principal (actor ``system`` on every event) in the tenant named by
``--tenant``, which must have commerce enabled. The import reports every refused row by line
on stderr, imports the products without any, and exits 1 when a product failed.
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, TextIO

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from app.cli.runner import console, errors, fail, in_tenant, run_with_context
from app.runtime import Context
from modules.commerce.catalog_csv.columns import read_header
from modules.commerce.catalog_csv.export import open_catalog
from modules.commerce.catalog_csv.importing import Outcome, ProductResult, import_product
from modules.commerce.catalog_csv.lookups import load_names
from modules.commerce.catalog_csv.problems import Row, RowProblem, group_rows

__all__ = ["app"]

app = typer.Typer(help="Commerce: the catalog as CSV.", no_args_is_help=True)

Tenant = Annotated[str, typer.Option("--tenant", help="The tenant's slug.")]
STDIO = "-"


def _progress(unit: str) -> Progress:
    """Return a progress bar on stderr, shown on a terminal only."""
    return Progress(
        TextColumn(unit),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=errors,
        disable=not errors.is_terminal,
    )


@contextmanager
def _written(output: str) -> Iterator[TextIO]:
    if output == STDIO:
        yield sys.stdout
        return
    with Path(output).open("w", encoding="utf-8", newline="") as stream:
        yield stream


@app.command("export")
def export_(
    tenant: Tenant,
    output: Annotated[
        str, typer.Option("--output", "-o", help="The file, or - for stdout.")
    ] = STDIO,
) -> None:
    """Write the tenant's products as CSV, a row per variant, page by page."""

    async def action(ctx: Context) -> tuple[int, int]:
        catalog = await open_catalog(await in_tenant(ctx, tenant, "commerce"))
        done = variants = 0
        with _written(output) as stream, _progress("products") as bar:
            writer = csv.DictWriter(stream, catalog.header, restval="", lineterminator="\n")
            writer.writeheader()
            task = bar.add_task("export", total=catalog.products)
            async for count, rows in catalog.pages():
                writer.writerows(rows)
                done, variants = done + count, variants + len(rows)
                bar.advance(task, count)
        return done, variants

    products, variants = run_with_context(action)
    where = "stdout" if output == STDIO else output
    errors.print(f"exported {products} products, {variants} variants to {where}", highlight=False)


def _read(stream: TextIO) -> tuple[list[str], list[Row]]:
    reader = csv.reader(stream)
    names = [name.strip() for name in next(reader, [])]
    rows, previous = [], reader.line_num
    for cells in reader:
        start, previous = previous + 1, reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        extra = max(len(cells) - len(names), 0)
        rows.append(Row(start, dict(zip(names, cells, strict=False)), extra))
    return names, rows


def _load(file: str) -> tuple[list[str], list[Row]]:
    if file == STDIO:
        return _read(io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8-sig", newline=""))
    try:
        with Path(file).open(encoding="utf-8-sig", newline="") as stream:
            return _read(stream)
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        fail(f"cannot read {file}: {error}", 2)


def _report(results: list[ProductResult], orphans: list[RowProblem], dry_run: bool) -> None:
    problems = sorted(
        [*orphans, *(problem for result in results for problem in result.problems)],
        key=lambda problem: problem.line,
    )
    for problem in problems:
        errors.print(str(problem), highlight=False, markup=False)
    counts = {outcome: 0 for outcome in Outcome}
    for result in results:
        counts[result.outcome] += 1
    failed = counts[Outcome.FAILED] + len(orphans)
    verb = "would create" if dry_run else "created"
    console.print(
        f"{verb} {counts[Outcome.CREATED]}, "
        f"{'would update' if dry_run else 'updated'} {counts[Outcome.UPDATED]}, "
        f"failed {failed} products" + (" (dry run: nothing written)" if dry_run else ""),
        highlight=False,
    )
    if failed:
        raise typer.Exit(1)


@app.command("import")
def import_(
    file: Annotated[str, typer.Argument(help="The CSV file, or - for stdin.")],
    tenant: Tenant,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check every row; write nothing.")
    ] = False,
) -> None:
    """Create or update products by slug, variants by SKU; a product with a bad row is skipped."""
    names, rows = _load(file)
    header, problems = read_header(names)
    if problems:
        fail("the header is not a catalog CSV: " + "; ".join(problems), 2)
    groups, orphans = group_rows(rows)

    async def action(ctx: Context) -> list[ProductResult]:
        ctx = await in_tenant(ctx, tenant, "commerce")
        known = await load_names(ctx)
        results = []
        with _progress("rows") as bar:
            task = bar.add_task("import", total=len(rows))
            for group in groups:
                results.append(await import_product(ctx, group, header, known, dry_run=dry_run))
                bar.advance(task, len(group.rows))
        return results

    _report(run_with_context(action), orphans, dry_run)
