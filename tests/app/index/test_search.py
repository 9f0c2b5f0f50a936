"""Full-text search: ranking, tenants, writes, locales, snippets, syntax, the projection, SQL."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import select, text

from app.db import Database
from app.db.migrate import alembic_config, upgrade_all
from app.errors import BadRequest
from app.index.search import MAX_QUERY_LENGTH, Document, Hit, SearchIndex
from tests.conftest import make_registry, make_settings
from tests.fixtures.widgets.models import WidgetListingRow
from tests.fixtures.widgets.module import create_widget, rename_widget
from tests.fixtures.widgets.search import WIDGET_SEARCH
from tests.support.databases import DatabaseTarget, throwaway_database
from tests.support.events import controlled_app, tenant_context

# The widgets module's table, read with snippets from the body: the tests' own tenants keep
# their documents apart from the widgets'.
ARTICLES = SearchIndex("idx_widgets_search", (("title", "A"), ("body", "B")))

LANTERN = uuid.UUID("00000000-0000-7000-8000-000000000001")
LAMP = uuid.UUID("00000000-0000-7000-8000-000000000002")
KETTLE = uuid.UUID("00000000-0000-7000-8000-000000000003")
CORPUS = {
    LANTERN: ("Brass lantern", "A lamp for the road, made of brass."),
    LAMP: ("Road lamp", "Lights the road like a lantern would."),
    KETTLE: ("Kettle", "Boils water on the stove."),
}


@pytest.fixture
async def db(database: DatabaseTarget) -> AsyncIterator[Database]:
    """The runtime role's database (on PostgreSQL, subject to row-level security)."""
    handle = Database(database.runtime_url, pool_size=2)
    try:
        yield handle
    finally:
        await handle.dispose()


async def index(
    db: Database,
    tenant: uuid.UUID,
    corpus: dict[uuid.UUID, tuple[str, str]] = CORPUS,
    *,
    locale: str | None = None,
) -> None:
    """Index ``corpus`` (title, body by id) for ``tenant``."""
    documents = [
        Document(key, {"title": title, "body": body}, locale)
        for key, (title, body) in corpus.items()
    ]
    async with db.transaction(tenant) as session:
        await ARTICLES.upsert_many(session, tenant, documents)


async def search(
    db: Database, tenant: uuid.UUID, query: str, *, locale: str | None = None, limit: int = 20
) -> list[Hit]:
    """Search ``tenant``'s articles."""
    async with db.transaction(tenant, readonly=True) as session:
        return await ARTICLES.search(session, tenant, query, locale=locale, limit=limit)


async def found(
    db: Database, tenant: uuid.UUID, query: str, *, locale: str | None = None
) -> list[uuid.UUID]:
    """Return the ids ``query`` finds, best first."""
    return [hit.doc_id for hit in await search(db, tenant, query, locale=locale)]


async def count(db: Database, tenant: uuid.UUID, query: str, locale: str | None = None) -> int:
    """Count ``tenant``'s articles matching ``query``."""
    async with db.transaction(tenant, readonly=True) as session:
        return await ARTICLES.count(session, tenant, query, locale=locale)


async def test_a_title_match_outranks_a_body_match(db: Database) -> None:
    tenant = uuid.uuid4()
    await index(db, tenant)
    hits = await search(db, tenant, "lantern")
    assert [hit.doc_id for hit in hits] == [LANTERN, LAMP]
    assert hits[0].rank > hits[1].rank > 0
    assert await count(db, tenant, "lantern") == 2
    # Both words in the body of one, one in the title of the other: still the title first.
    assert await found(db, tenant, "road") == [LAMP, LANTERN]


async def test_a_tenant_never_sees_another_tenants_documents(db: Database) -> None:
    mine, theirs = uuid.uuid4(), uuid.uuid4()
    await index(db, mine)
    await index(db, theirs, {LANTERN: ("Secret lantern", "Theirs only."), KETTLE: ("Kettle", "")})
    assert await found(db, mine, "secret") == []
    assert await found(db, theirs, "secret") == [LANTERN]
    assert await found(db, theirs, "lantern") == [LANTERN]
    assert await count(db, theirs, "lantern") == 1
    # Writes are tenant-scoped too: the same ids elsewhere are untouched.
    async with db.transaction(theirs) as session:
        await ARTICLES.delete(session, theirs, [LANTERN, LAMP])
    assert await found(db, theirs, "lantern") == []
    assert await found(db, mine, "lantern") == [LANTERN, LAMP]
    async with db.transaction(theirs) as session:
        await ARTICLES.clear(session, theirs)
    assert await found(db, theirs, "kettle") == []
    assert await found(db, mine, "kettle") == [KETTLE]


async def test_row_level_security_is_the_second_wall(
    db: Database, database: DatabaseTarget
) -> None:
    mine, theirs = uuid.uuid4(), uuid.uuid4()
    await index(db, theirs)
    # A transaction scoped to one tenant asking for another's rows (a bug in the caller).
    async with db.transaction(mine, readonly=True) as session:
        hits = await ARTICLES.search(session, theirs, "lantern")
    assert [hit.doc_id for hit in hits] == ([] if database.is_postgres else [LANTERN, LAMP])


async def test_upsert_replaces_a_document(db: Database) -> None:
    tenant = uuid.uuid4()
    await index(db, tenant)
    async with db.transaction(tenant) as session:
        await ARTICLES.upsert(session, tenant, LANTERN, {"title": "Copper pot", "body": "Heavy."})
        # The same text again changes nothing (and reindexes nothing).
        await ARTICLES.upsert(session, tenant, LANTERN, {"title": "Copper pot", "body": "Heavy."})
    assert await found(db, tenant, "brass") == []
    assert await found(db, tenant, "copper") == [LANTERN]
    assert await found(db, tenant, "lantern") == [LAMP]
    assert await count(db, tenant, "copper or lantern or kettle") == 3


async def test_documents_carry_their_locale_and_searches_filter_by_it(db: Database) -> None:
    tenant = uuid.uuid4()
    await index(db, tenant, {LANTERN: ("Lantern", "Brass.")}, locale="en")
    await index(db, tenant, {LANTERN: ("Fanal", "Laiton.")}, locale="fr")
    await index(db, tenant, {LAMP: ("Lantern", "No locale.")})
    hits = await search(db, tenant, "lantern")
    assert [(hit.doc_id, hit.locale) for hit in hits] == [(LANTERN, "en"), (LAMP, None)]
    assert await found(db, tenant, "fanal", locale="en") == []
    assert await found(db, tenant, "fanal", locale="fr") == [LANTERN]
    assert await found(db, tenant, "lantern", locale="en") == [LANTERN]
    assert await found(db, tenant, "lantern", locale="") == [LAMP]
    assert await count(db, tenant, "lantern", locale="en") == 1
    async with db.transaction(tenant) as session:
        await ARTICLES.delete(session, tenant, [LANTERN], locale="en")
    assert await found(db, tenant, "lantern") == [LAMP]
    assert await found(db, tenant, "fanal") == [LANTERN]
    async with db.transaction(tenant) as session:
        await ARTICLES.delete(session, tenant, [LANTERN, LAMP])
    assert await count(db, tenant, "lantern or fanal") == 0


async def test_snippets_mark_the_matches_in_escaped_html(db: Database) -> None:
    tenant = uuid.uuid4()
    body = '"Fish & chips" by the lantern\'s light'
    await index(db, tenant, {LANTERN: ("Supper", body)})
    hits = await search(db, tenant, "lantern")
    assert [hit.snippet for hit in hits] == [
        "&quot;Fish &amp; chips&quot; by the <mark>lantern</mark>&#x27;s light"
    ]
    # A title-only match still yields the body's opening words, unmarked.
    hits = await search(db, tenant, "supper")
    assert [hit.snippet for hit in hits] == [
        "&quot;Fish &amp; chips&quot; by the lantern&#x27;s light"
    ]


async def test_snippets_of_long_text_are_excerpts_around_the_match(db: Database) -> None:
    tenant = uuid.uuid4()
    words = [f"word{number}" for number in range(200)]
    words[150] = "lantern"
    await index(db, tenant, {LANTERN: ("Long", " ".join(words))})
    [hit] = await search(db, tenant, "lantern")
    assert "<mark>lantern</mark>" in hit.snippet
    assert "word0 " not in hit.snippet
    assert 10 <= len(hit.snippet.split()) <= 30


async def test_control_characters_in_documents_are_stored_as_spaces(db: Database) -> None:
    tenant = uuid.uuid4()
    await index(db, tenant, {LANTERN: ("Nul\x00lantern", "a\x01b\x02c\x7fd")})
    assert await found(db, tenant, "lantern") == [LANTERN]
    [hit] = await search(db, tenant, "nul")
    assert hit.snippet == "a b c d"


async def test_the_last_word_matches_as_a_prefix_while_typing(db: Database) -> None:
    tenant = uuid.uuid4()
    await index(db, tenant)
    assert await found(db, tenant, "lant") == [LANTERN, LAMP]
    assert await found(db, tenant, "brass lant") == [LANTERN]
    # A space after it: the word is complete.
    assert await found(db, tenant, "lant ") == []
    # Only the last word, and only from two characters on.
    assert await found(db, tenant, "lant brass") == []
    assert await found(db, tenant, "k") == []
    assert await found(db, tenant, "ke") == [KETTLE]
    # "or" last is a word being typed, not an operator.
    assert await found(db, tenant, "kettle or") == []
    hits = await search(db, tenant, "lant")
    assert hits[0].snippet == "A lamp for the road, made of brass."


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('"brass lantern"', [LANTERN]),
        ('"lantern brass"', []),
        ("lantern -brass", [LAMP]),
        ('lantern -"made of brass"', [LAMP]),
        ("kettle or zebra", [KETTLE]),
        ("zebra or brass lamp", [LANTERN]),
        ("ZEBRA OR Kettle", [KETTLE]),
        ("stove water", [KETTLE]),
        ("stove zebra", []),
        ("BRASS Road", [LANTERN]),
        ("lantern*", [LANTERN, LAMP]),
        ("(lantern)", [LANTERN, LAMP]),
        ("-brass", []),
        ("zebra or -brass", []),
        ('lantern"', [LANTERN, LAMP]),
    ],
)
async def test_query_syntax(db: Database, query: str, expected: list[uuid.UUID]) -> None:
    tenant = uuid.uuid4()
    await index(db, tenant)
    assert await found(db, tenant, query) == expected
    assert await count(db, tenant, query) == len(expected)


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "!!!",
        '"',
        '""',
        '"   "',
        "-",
        "- -",
        "--",
        "or",
        "(*)",
        "*",
        ":*",
        "'",
        "''",
        "\\",
        "&|!<->",
        "NEAR(",
        "^",
        "{}:",
        "\t\n\r",
        "_",
        "…",
        "AND OR NOT",
        "title:lantern",
        "body : kettle",
        "NEAR(lantern brass)",
        "x" * MAX_QUERY_LENGTH,
    ],
)
async def test_queries_without_a_matching_word_find_nothing_and_never_fail(
    db: Database, query: str
) -> None:
    tenant = uuid.uuid4()
    await index(db, tenant)
    assert await found(db, tenant, query) == []
    assert await count(db, tenant, query) == 0


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("lantern & !brass", [LANTERN]),
        ("'lantern':*", [LANTERN, LAMP]),
        ("lamp\x01", [LAMP, LANTERN]),
        ("brass^ lantern~", [LANTERN]),
        ("{kettle}", [KETTLE]),
        ("brass^2", []),
    ],
)
async def test_the_backends_operators_are_plain_text(
    db: Database, query: str, expected: list[uuid.UUID]
) -> None:
    tenant = uuid.uuid4()
    await index(db, tenant)
    assert await found(db, tenant, query) == expected


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("lan\x00tern", "the search query contains a NUL byte"),
        (
            "x" * (MAX_QUERY_LENGTH + 1),
            f"the search query is {MAX_QUERY_LENGTH + 1} characters long; the limit is 256",
        ),
    ],
)
async def test_nul_bytes_and_overlong_queries_are_bad_requests(
    db: Database, query: str, message: str
) -> None:
    tenant = uuid.uuid4()
    async with db.transaction(tenant, readonly=True) as session:
        with pytest.raises(BadRequest) as searched:
            await ARTICLES.search(session, tenant, query)
        with pytest.raises(BadRequest) as counted:
            await ARTICLES.count(session, tenant, query)
    for caught in (searched, counted):
        assert (caught.value.code.value, caught.value.field, caught.value.message) == (
            "BAD_REQUEST",
            "query",
            message,
        )


async def test_pages_follow_rank_then_id(db: Database) -> None:
    tenant = uuid.uuid4()
    ids = sorted(uuid.uuid4() for _ in range(5))
    await index(db, tenant, {key: ("Lantern", "") for key in ids})
    await index(db, tenant, {KETTLE: ("Kettle", "lantern")})
    async with db.transaction(tenant, readonly=True) as session:
        first = await ARTICLES.search(session, tenant, "lantern", limit=4)
        second = await ARTICLES.search(session, tenant, "lantern", limit=4, offset=4)
        none = await ARTICLES.search(session, tenant, "lantern", limit=0)
    assert [hit.doc_id for hit in first + second] == [*ids, KETTLE]
    assert none == []


async def test_matches_join_a_read_table_and_snippets_follow(db: Database) -> None:
    tenant = uuid.uuid4()
    await index(db, tenant)
    async with db.transaction(tenant) as session:
        session.add_all(
            WidgetListingRow(tenant_id=tenant, widget_id=key, name=title, name_length=len(title))
            for key, (title, _) in CORPUS.items()
        )
        matches = ARTICLES.matches(session, tenant, "lantern or kettle")
        assert matches is not None
        rows = await session.execute(
            select(WidgetListingRow.name, matches.c.rank)
            .join(matches, matches.c.doc_id == WidgetListingRow.widget_id)
            .where(WidgetListingRow.tenant_id == tenant, WidgetListingRow.name_length > 6)
            .order_by(matches.c.rank.desc())
        )
        names = [name for name, _ in rows]
        snippets = await ARTICLES.snippets(session, tenant, "lantern", [LAMP, KETTLE])
        assert ARTICLES.matches(session, tenant, "!!!") is None
        await session.rollback()
    assert names == ["Brass lantern", "Road lamp"]
    assert snippets == {(LAMP, None): "Lights the road like a <mark>lantern</mark> would."}


async def test_the_widgets_projection_keeps_the_index_in_step(database: DatabaseTarget) -> None:
    async with controlled_app(database) as (api, _clock, tenant):
        runtime = api.state.runtime
        ctx = await tenant_context(runtime, tenant)
        sprocket = await create_widget(ctx, "blue sprocket")
        await create_widget(ctx, "red gear")
        await runtime.dispatcher.drain()

        async def names(query: str) -> list[str]:
            async with runtime.db.transaction(tenant.id, readonly=True) as session:
                hits = await WIDGET_SEARCH.search(session, tenant.id, query)
            return [hit.snippet for hit in hits]

        assert await names("sprocket") == ["blue <mark>sprocket</mark>"]
        await rename_widget(ctx, sprocket, "green gear")
        assert await names("green") == []  # not drained yet
        await runtime.dispatcher.drain()
        assert await names("sprocket") == []
        assert await names("gear") == ["green <mark>gear</mark>", "red <mark>gear</mark>"]
        token = api.auth.member(tenant.id, "widgets.view_items")
        body = await api.gql(SEARCH, {"q": "gre"}, tenant=tenant.slug, token=token)
        [hit] = body["data"]["widgetSearch"]
        assert (hit["name"], hit["snippet"]) == ("green gear", "<mark>green</mark> gear")
        assert hit["rank"] > 0


SEARCH = "query ($q: String!) { widgetSearch(query: $q, first: 5) { name rank snippet } }"


async def test_widget_search_needs_the_view_permission(database: DatabaseTarget) -> None:
    async with controlled_app(database) as (api, _clock, tenant):
        runtime = api.state.runtime
        await create_widget(await tenant_context(runtime, tenant), "lantern")
        await runtime.dispatcher.drain()
        refused = {
            "anonymous": (None, "UNAUTHENTICATED"),
            "member without the permission": (
                api.auth.member(tenant.id, "widgets.manage_items"),
                "PERMISSION_DENIED",
            ),
            "member of another tenant": (
                api.auth.member(uuid.uuid4(), "widgets.view_items"),
                "PERMISSION_DENIED",
            ),
        }
        for label, (token, code) in refused.items():
            body = await api.gql(SEARCH, {"q": "lantern"}, tenant=tenant.slug, token=token)
            assert body["data"] is None, label
            assert [error["extensions"]["code"] for error in body["errors"]] == [code], label
        token = api.auth.member(tenant.id, "widgets.view_items")
        body = await api.gql(SEARCH, {"q": "lantern"}, tenant=tenant.slug, token=token)
        assert [hit["name"] for hit in body["data"]["widgetSearch"]] == ["lantern"]
        body = await api.gql(SEARCH, {"q": "!!!"}, tenant=tenant.slug, token=token)
        assert body == {"data": {"widgetSearch": []}}
        # The HTTP layer refuses NUL characters in any variable before anything runs.
        body = await api.gql(
            SEARCH, {"q": "a\x00b"}, tenant=tenant.slug, token=token, expect_status=400
        )
        assert body == {
            "errors": [
                {
                    "message": "strings must not contain NUL (\\u0000) characters",
                    "extensions": {"code": "BAD_REQUEST"},
                }
            ]
        }


def test_declarations_are_checked_with_every_problem_named() -> None:
    with pytest.raises(ValueError, match=r"^search index 'widgets_search': ") as caught:
        SearchIndex(
            "widgets_search",
            (("title", "A"), ("doc_id", "B"), ("body", "E")),  # type: ignore[arg-type]
            language="simple; drop",
            snippet="summary",
            snippet_words=1,
        )
    assert str(caught.value) == (
        "search index 'widgets_search': name 'widgets_search' must be idx_<module>_<name> in "
        "lower case; field 'doc_id' must be a lower-case name other than doc_id, document, "
        "id, locale, tenant_id; language 'simple; drop' must name a text search configuration"
    )
    weights = (("title", "A"), ("body", "E"))
    with pytest.raises(ValueError, match=r"^search index 'idx_widgets_search': ") as caught:
        SearchIndex("idx_widgets_search", weights, snippet="summary")  # type: ignore[arg-type]
    assert str(caught.value) == (
        "search index 'idx_widgets_search': field 'body' has weight 'E', not A-D; "
        "snippet field 'summary' is not one of title, body"
    )


async def test_documents_must_give_exactly_the_declared_fields(db: Database) -> None:
    tenant = uuid.uuid4()
    async with db.transaction(tenant) as session:
        with pytest.raises(ValueError, match=r"^idx_widgets_search: ") as caught:
            await ARTICLES.upsert(session, tenant, LANTERN, {"title": "Lantern"})
    assert str(caught.value) == (
        f"idx_widgets_search: document {LANTERN} has fields ['title'], expected ['body', 'title']"
    )


def _search_objects(url: str, is_postgres: bool) -> list[str]:
    """Return the names of every table, index and trigger of idx_widgets_search."""
    listing = (
        "SELECT relname FROM pg_class WHERE relname LIKE '%idx_widgets_search%' ORDER BY 1"
        if is_postgres
        else "SELECT name FROM sqlite_master WHERE name LIKE '%idx_widgets_search%' ORDER BY 1"
    )

    async def run() -> list[str]:
        handle = Database(url, pool_size=1)
        try:
            async with handle.transaction(readonly=True) as session:
                return list(await session.scalars(text(listing)))
        finally:
            await handle.dispose()

    return asyncio.run(run())


def test_the_search_migration_goes_down_and_up_leaving_nothing(tmp_path: Path) -> None:
    with throwaway_database(tmp_path, "search") as target:
        settings = make_settings(target)
        registry = make_registry(settings)
        assert upgrade_all(registry, target.owner_url, target.runtime_url) == []
        created = _search_objects(target.owner_url, target.is_postgres)
        if target.is_postgres:
            assert created == [
                "idx_widgets_search",
                "ix_idx_widgets_search_tenant_id_document",
                "pk_idx_widgets_search",
            ]
        else:
            assert created == [
                "idx_widgets_search",
                "idx_widgets_search_ad",
                "idx_widgets_search_ai",
                "idx_widgets_search_au",
                "idx_widgets_search_fts",
                "idx_widgets_search_fts_config",
                "idx_widgets_search_fts_data",
                "idx_widgets_search_fts_docsize",
                "idx_widgets_search_fts_idx",
                "sqlite_autoindex_idx_widgets_search_1",
            ]
        command.downgrade(alembic_config(registry, target.owner_url), "widgets_002")
        assert _search_objects(target.owner_url, target.is_postgres) == []
        assert upgrade_all(registry, target.owner_url, target.runtime_url) == []
        assert _search_objects(target.owner_url, target.is_postgres) == created
